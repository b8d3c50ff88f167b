package dev.ios.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The summary reports exactly HdrHistogram's percentiles, and counts errors and retries apart. */
class LatencySummaryTest {

    static java.util.stream.LongStream seeds() {
        return Seeds.properties(10);
    }

    @Test
    void percentilesOfOneToTenThousandMicroseconds() {
        Histogram histogram = new Histogram(3);
        for (long us = 1; us <= 10_000; us++) {
            histogram.recordValue(us * 1000);
        }

        LatencySummary summary = LatencySummary.of(histogram, 10_005, 5, 7, 2_000_000_000L);

        // Within HdrHistogram's 3 significant digits of the exact ranks.
        assertEquals(5_000_000, summary.p50Ns(), 5_000);
        assertEquals(9_000_000, summary.p90Ns(), 9_000);
        assertEquals(9_900_000, summary.p99Ns(), 9_900);
        assertEquals(9_990_000, summary.p999Ns(), 9_990);
        assertEquals(10_000_000, summary.maxNs(), 10_000);
        assertEquals(5, summary.errors());
        assertEquals(7, summary.retries());
        assertEquals(5_000.0, summary.throughputPerSecond(), 1e-9); // 10,000 successes in 2 s
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void equalsHdrHistogramOnRandomLatencies(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < 5_000; i++) {
            // Log-uniform from 10 us to 1 s: the spread of a real run.
            histogram.recordValue((long) Math.pow(10, 4 + 5 * random.nextDouble()));
        }

        LatencySummary summary = LatencySummary.of(histogram, 5_000, 0, 0, 1);

        String where = "seed=" + seed;
        assertEquals(histogram.getValueAtPercentile(50), summary.p50Ns(), where);
        assertEquals(histogram.getValueAtPercentile(90), summary.p90Ns(), where);
        assertEquals(histogram.getValueAtPercentile(99), summary.p99Ns(), where);
        assertEquals(histogram.getValueAtPercentile(99.9), summary.p999Ns(), where);
        assertEquals(histogram.getMaxValue(), summary.maxNs(), where);
    }

    @Test
    void noSuccessfulRequestGivesZeros() {
        LatencySummary summary = LatencySummary.of(new Histogram(3), 3, 3, 9, 1_000);
        assertEquals(0, summary.p50Ns());
        assertEquals(0, summary.maxNs());
        assertEquals(0.0, summary.throughputPerSecond());
    }
}
