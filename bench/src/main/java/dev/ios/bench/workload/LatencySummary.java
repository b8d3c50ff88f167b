package dev.ios.bench.workload;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The numbers a run ends with. Percentiles are HdrHistogram's ({@code getValueAtPercentile}) over
 * the latencies of successful requests, in nanoseconds; failed requests are counted in {@code
 * errors} and kept out of the percentiles, so a timeout cannot pass for a latency.
 *
 * @param requests requests that ended (successful or not)
 * @param errors requests that did not succeed
 * @param retries the sum of every request's {@code tries}
 * @param elapsedNs from the first request sent until the last one ended
 * @param p50Ns median latency
 * @param p90Ns 90th percentile
 * @param p99Ns 99th percentile
 * @param p999Ns 99.9th percentile
 * @param maxNs the largest latency
 */
public record LatencySummary(long requests, long errors, long retries, long elapsedNs,
                             long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs) {

    /** The summary of {@code successLatenciesNs} and the counts beside it. */
    public static LatencySummary of(Histogram successLatenciesNs, long requests, long errors, long retries, long elapsedNs) {
        Histogram h = successLatenciesNs;
        boolean empty = h.getTotalCount() == 0;
        return new LatencySummary(requests, errors, retries, elapsedNs,
                empty ? 0 : h.getValueAtPercentile(50),
                empty ? 0 : h.getValueAtPercentile(90),
                empty ? 0 : h.getValueAtPercentile(99),
                empty ? 0 : h.getValueAtPercentile(99.9),
                empty ? 0 : h.getMaxValue());
    }

    /** Successful requests per second over the whole run. */
    public double throughputPerSecond() {
        return elapsedNs == 0 ? 0 : (requests - errors) * 1e9 / elapsedNs;
    }

    /** The summary as printed at the end of {@code ios bench}, several lines. */
    public String format() {
        return String.format(Locale.ROOT,
                "requests   %d in %.2f s (%d errors, %d retries)%n"
                        + "throughput %.1f requests/s (successful)%n"
                        + "latency    p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                requests, elapsedNs / 1e9, errors, retries, throughputPerSecond(),
                millis(p50Ns), millis(p90Ns), millis(p99Ns), millis(p999Ns), millis(maxNs));
    }

    /** {@code ns} as milliseconds with three decimals and the unit, e.g. {@code 1.234 ms}. */
    static String millis(long ns) {
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }
}
