package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.cluster.PortsInUseException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arithmetic and checks of one run that need no cluster: CPU cores, REST ports, busy ports, clean-up. */
class ClusterRunTest {

    @TempDir
    Path dir;

    @Test
    void cpuCoresAreTicksOverWallTime() {
        // 150 ticks of 1/100 s over 1.5 s of wall time is one core; an unreadable process is -1.
        assertEquals(List.of(1.0, -1.0, 0.0),
                ClusterRun.cores(new long[] {0, -1, 7}, new long[] {150, 10, 7}, 100, 1_500_000_000L));
    }

    @Test
    void waitCoresAreNanosecondsOverWallTime() {
        // 0.5 s of waiting in a 2 s window is a quarter of a core; a failed end reading is -1.
        assertEquals(List.of(0.25, -1.0),
                ClusterRun.cores(new long[] {1_000, 5}, new long[] {500_001_000, -1}, 1_000_000_000L, 2_000_000_000L));
    }

    @Test
    void restPortsFollowThePeerPorts() {
        assertEquals(19100, ClusterRun.restBasePort(19080, 3));
        assertEquals(19080 + 2 * 12, ClusterRun.restBasePort(19080, 12));
    }

    @Test
    void aBusyRestPortIsNamed() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = held.getLocalPort();
            PortsInUseException e = assertThrows(PortsInUseException.class, () -> ClusterRun.requireFree(port - 1, 3));
            assertTrue(e.getMessage().contains(port + " (server 1's REST port)"), e.getMessage());
        }
    }

    @Test
    void deleteTreeRemovesEverythingAndToleratesAbsence() throws Exception {
        Path run = dir.resolve("run-1");
        Files.createDirectories(run.resolve("0"));
        Files.writeString(run.resolve("0").resolve("log"), "x");
        ClusterRun.deleteTree(run);
        assertFalse(Files.exists(run));
        ClusterRun.deleteTree(run);
    }
}
