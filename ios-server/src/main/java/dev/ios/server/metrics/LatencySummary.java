package dev.ios.server.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Prometheus summary (quantiles, {@code _sum}, {@code _count}) fed from any thread.
 *
 * <p>Recording is wait-free (an HdrHistogram {@link Recorder} plus two {@link LongAdder}s).
 * Quantiles cover a sliding window: the observations drained into the current and the previous
 * window, each {@code windowNs} long, so a scrape shows roughly the last one to two windows rather
 * than everything since start. Observations made while nobody renders are drained into the window
 * current at the next render. {@code _sum} and {@code _count} are cumulative, as Prometheus
 * expects of a summary.
 */
final class LatencySummary {

    /** Values above this are clamped (an hour in nanoseconds; batch sizes never get near it). */
    static final long VALUE_MAX = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(VALUE_MAX, 3);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final long windowNs;

    // Guarded by this: only render() touches the windows.
    private Histogram interval;
    private Histogram current = new Histogram(VALUE_MAX, 3);
    private Histogram previous = new Histogram(VALUE_MAX, 3);
    private long currentStartNs;

    LatencySummary(long windowNs, long nowNs) {
        this.windowNs = windowNs;
        this.currentStartNs = nowNs;
    }

    /** Records one value; negative values count as 0, huge ones are clamped. Any thread. */
    void record(long value) {
        long clamped = Math.max(0, Math.min(value, VALUE_MAX));
        recorder.recordValue(clamped);
        count.increment();
        sum.add(clamped);
    }

    long count() {
        return count.sum();
    }

    long sum() {
        return sum.sum();
    }

    /** Drains the recorder and returns a merged copy of the window for reading quantiles. */
    synchronized Histogram window(long nowNs) {
        interval = recorder.getIntervalHistogram(interval);
        if (nowNs - currentStartNs >= windowNs) {
            Histogram oldPrevious = previous;
            previous = current;
            oldPrevious.reset();
            current = oldPrevious;
            currentStartNs = nowNs;
        }
        current.add(interval);
        Histogram merged = previous.copy();
        merged.add(current);
        return merged;
    }
}
