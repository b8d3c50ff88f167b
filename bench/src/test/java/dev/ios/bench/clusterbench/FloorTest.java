package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor measurements return positive numbers and leave nothing behind; no timing thresholds. */
class FloorTest {

    @TempDir
    Path dir;

    @Test
    void fsyncMeasuresEveryAppendAndRemovesItsFile() throws Exception {
        LatencyStats fsync = Floor.fsync(dir, 20);
        assertEquals(20, fsync.count());
        assertTrue(fsync.p50Us() > 0 && fsync.p99Us() >= fsync.p50Us(), fsync.toString());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the scratch file is deleted");
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
        Floor floor = new Floor(new LatencyStats(1, 100, 0, 200, 0, 0), new LatencyStats(1, 20, 0, 30, 0, 0));
        assertEquals(120, floor.floorUs());
    }
}
