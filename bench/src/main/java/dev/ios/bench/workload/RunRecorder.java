package dev.ios.bench.workload;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects the samples of a run: every row to {@code latency.csv}, successful latencies into an
 * HdrHistogram {@link Recorder}, and, once per progress interval, a {@link TimelinePoint} and a
 * progress line.
 *
 * <p>Threads: {@link #record} is called by every worker at once; {@link #rollInterval} and {@link
 * #finish} by one thread (the progress timer, then the runner once the workers are done). Counting
 * and rolling share this object's lock (held for a few increments), so intervals are consistent.
 */
final class RunRecorder {

    // Three significant digits: 1 ms is told from 1.001 ms; the histogram grows to any maximum.
    private static final int SIGNIFICANT_DIGITS = 3;

    private final LatencyCsv csv;
    private final PrintStream progress;
    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong intervalRequests = new AtomicLong();
    private final AtomicLong intervalErrors = new AtomicLong();
    private Histogram interval;

    RunRecorder(LatencyCsv csv, PrintStream progress) {
        this.csv = csv;
        this.progress = progress;
    }

    /** Records one finished request. */
    void record(RequestSample sample) {
        if (csv != null) {
            csv.write(sample);
        }
        // Under the lock rollInterval holds, so a request's count and its latency always land in the
        // same interval (without it, a progress line once showed "0 requests" with a p50).
        synchronized (this) {
            requests.incrementAndGet();
            intervalRequests.incrementAndGet();
            retries.addAndGet(sample.tries());
            if (sample.outcome().isError()) {
                errors.incrementAndGet();
                intervalErrors.incrementAndGet();
            } else {
                recorder.recordValue(Math.max(0, sample.latencyNs()));
            }
        }
    }

    /** Closes the current interval at {@code endSeconds} since the start: a timeline point and a progress line. */
    synchronized void rollInterval(double endSeconds) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        long intervalCount = intervalRequests.getAndSet(0);
        long intervalErrorCount = intervalErrors.getAndSet(0);
        boolean empty = interval.getTotalCount() == 0;
        TimelinePoint point = new TimelinePoint(endSeconds, intervalCount, intervalErrorCount,
                empty ? 0 : interval.getValueAtPercentile(50),
                empty ? 0 : interval.getValueAtPercentile(99),
                empty ? 0 : interval.getMaxValue());
        timeline.add(point);
        if (progress != null) {
            progress.println(progressLine(point, requests.get(), errors.get()));
        }
    }

    static String progressLine(TimelinePoint point, long requestsTotal, long errorsTotal) {
        return String.format(Locale.ROOT, "[%7.1fs] %d requests, %d errors | last interval: %d requests, p50 %s  p99 %s  max %s",
                point.endSeconds(), requestsTotal, errorsTotal, point.requests(), LatencySummary.millis(point.p50Ns()),
                LatencySummary.millis(point.p99Ns()), LatencySummary.millis(point.maxNs()));
    }

    /** The result, once every worker has stopped and the last interval was rolled. */
    synchronized RunResult finish(long elapsedNs, String checkFailure, int workersStuck) {
        LatencySummary summary = LatencySummary.of(total, requests.get(), errors.get(), retries.get(), elapsedNs);
        return new RunResult(summary, total.copy(), List.copyOf(timeline), checkFailure, workersStuck);
    }
}
