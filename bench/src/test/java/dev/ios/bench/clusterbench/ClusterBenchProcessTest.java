package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ios.bench.cluster.ServerBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke test of {@code ios clusterbench} end to end, as its own JVM with three real servers: a
 * 2-second checked run with 2 clients prints the floor, a table and one JSON line with every field,
 * some operations and a passing check, and leaves no run directory behind. No performance thresholds.
 */
@Tag("process")
@Timeout(180)
class ClusterBenchProcessTest {

    @TempDir
    Path dir;

    @Test
    void aShortCheckedRunPrintsACompleteJsonLine() throws Exception {
        String serverClasspath = ServerBuild.classpathOrSkip();
        int basePort = ServerBuild.freeBasePort();
        String printed = ClusterBenchProcess.run(dir, serverClasspath, "", List.of(
                "--clients", "2", "--duration", "2s", "--warmup", "1s",
                "--reads", "50", "--check", "--floor-samples", "50", "--base-port", Integer.toString(basePort),
                "--data", dir.resolve("data").toString(), "--server-jvm-opts", "-Xmx256m -XX:+UseSerialGC"));
        assertTrue(printed.contains("# floor: fsync p50"), printed);
        assertTrue(printed.contains(RunReport.tableHeader()), printed);
        JsonNode run = ClusterBenchProcess.onlyRun(printed);
        assertEquals("ios", run.get("system").asText(), printed);
        assertTrue(run.get("ops").asLong() > 0, printed);
        assertEquals(2, run.get("clients").asInt());
        assertEquals(3, run.get("serverCpuCores").size());
        assertEquals(3, run.get("serverWaitCores").size());
        if (Files.isReadable(Path.of("/proc/self/schedstat"))) {
            for (JsonNode waiting : run.get("serverWaitCores")) {
                assertTrue(waiting.asDouble() >= 0, "each server's wait is read: " + printed);
            }
        }
        assertEquals(3, run.get("heapAfterGcBytes").size());
        assertEquals("PASS", run.get("check").asText(), printed);
        assertTrue(run.get("floorUs").asDouble() > 0, printed);
        assertFalse(Files.exists(dir.resolve("data").resolve("run-1")), "the run's directory is removed without --keep");
    }
}
