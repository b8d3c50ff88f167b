package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A soak's heap series is flat when, after the first minute, its last third stays within 1.2 x its first third. */
class SoakSeriesTest {

    @Test
    void churnWithinTheBoundIsFlat() {
        SoakSeries series = series(500, 100, 110, 105, 115, 100, 118);
        assertEquals("flat", series.verdict());
    }

    @Test
    void steadyGrowthIsGrowing() {
        assertEquals("growing", series(100, 100, 110, 120, 130, 140, 150).verdict());
    }

    @Test
    void theFirstMinuteIsNotJudged() {
        // A big start-up sample at t=30 s would make any later growth look flat; it is left out.
        assertEquals("growing", series(1000, 100, 150, 200).verdict());
    }

    @Test
    void fewerThanThreeJudgedSamplesAreTooShort() {
        assertEquals("too short", series(100, 100, 100).verdict(), "t=60 s and 90 s only");
        assertEquals("flat", series(100, 100, 100, 100).verdict(), "t=60, 90 and 120 s");
    }

    @Test
    void unknownSamplesAreSkipped() {
        SoakSeries series = new SoakSeries();
        series.add(60, -1);
        series.add(90, 10);
        assertEquals("t=90s:10", series.describe());
    }

    /** Samples every 30 s from t=30 s. */
    private static SoakSeries series(long... bytes) {
        SoakSeries series = new SoakSeries();
        for (int i = 0; i < bytes.length; i++) {
            series.add(30.0 * (i + 1), bytes[i]);
        }
        return series;
    }
}
