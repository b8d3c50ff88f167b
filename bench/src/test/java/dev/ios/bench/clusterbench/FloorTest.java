package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floor measurements return positive numbers and leave nothing behind; the floor is the
 * preallocated fsync plus the round trip; no timing thresholds.
 */
class FloorTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "preallocated={0}")
    @ValueSource(booleans = {true, false})
    void fsyncMeasuresEveryWriteAndRemovesItsFile(boolean preallocated) throws Exception {
        LatencyStats fsync = Floor.fsync(dir, 20, preallocated);
        assertEquals(20, fsync.count());
        assertTrue(fsync.p50Us() > 0 && fsync.p99Us() >= fsync.p50Us(), fsync.toString());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the scratch file is deleted");
        }
    }

    @Test
    void twoWritersAtOnceCountBothThreadsSamples() throws Exception {
        LatencyStats pair = Floor.fsyncPair(dir, 15);
        assertEquals(30, pair.count());
        assertTrue(pair.p50Us() > 0, pair.toString());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "both scratch files are deleted");
        }
    }

    @Test
    void loopbackMeasuresEveryRoundTrip() throws Exception {
        LatencyStats rtt = Floor.loopback(50);
        assertEquals(50, rtt.count());
        assertTrue(rtt.p50Us() > 0 && rtt.p99Us() >= rtt.p50Us(), rtt.toString());
    }

    @Test
    void floorIsTheSumOfTheMedians() {
        LatencyStats unused = new LatencyStats(1, 999, 0, 999, 0, 0);
        Floor floor = new Floor(new LatencyStats(1, 100, 0, 200, 0, 0), unused, unused, new LatencyStats(1, 20, 0, 30, 0, 0));
        assertEquals(120, floor.floorUs());
    }
}
