package dev.ios.bench.clusterbench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency histogram, in microseconds.
 *
 * @param count samples
 * @param p50Us median
 * @param p90Us 90th percentile
 * @param p99Us 99th percentile
 * @param p999Us 99.9th percentile
 * @param maxUs largest sample
 */
public record LatencyStats(long count, double p50Us, double p90Us, double p99Us, double p999Us, double maxUs) {

    /** Of {@code histogram}, which holds nanoseconds; all zero when it is empty. */
    public static LatencyStats ofNanos(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new LatencyStats(0, 0, 0, 0, 0, 0);
        }
        return new LatencyStats(histogram.getTotalCount(), us(histogram.getValueAtPercentile(50)),
                us(histogram.getValueAtPercentile(90)), us(histogram.getValueAtPercentile(99)),
                us(histogram.getValueAtPercentile(99.9)), us(histogram.getMaxValue()));
    }

    /** A histogram of nanoseconds from 1 ns to 1 h with 3 significant digits, as every histogram here. */
    public static Histogram newHistogram() {
        return new Histogram(3_600_000_000_000L, 3);
    }

    private static double us(long ns) {
        return ns / 1e3;
    }
}
