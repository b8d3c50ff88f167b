package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ios.bench.cluster.ServerBuild;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path output = dir.resolve("clusterbench.out");
        List<String> command = ServerBuild.benchCommand(serverClasspath, "-Xmx256m", ClusterBenchMain.class, List.of(
                "--clients", "2", "--duration", "2s", "--warmup", "1s",
                "--reads", "50", "--check", "--floor-samples", "50", "--base-port", Integer.toString(basePort),
                "--data", dir.resolve("data").toString(), "--server-jvm-opts", "-Xmx256m -XX:+UseSerialGC"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(process.waitFor(150, TimeUnit.SECONDS), "clusterbench did not finish in 150 s");
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), printed);
            assertTrue(printed.contains("# floor: fsync p50"), printed);
            assertTrue(printed.contains(RunReport.tableHeader()), printed);
            List<String> jsonLines = printed.lines().filter(line -> line.startsWith("{")).toList();
            assertEquals(1, jsonLines.size(), printed);
            JsonNode run = new ObjectMapper().readTree(jsonLines.get(0));
            List<String> names = new ArrayList<>();
            run.fieldNames().forEachRemaining(names::add);
            assertEquals(RunReportTest.FIELDS, names, printed);
            assertTrue(run.get("ops").asLong() > 0, printed);
            assertEquals(2, run.get("clients").asInt());
            assertEquals(3, run.get("serverCpuCores").size());
            assertEquals(3, run.get("heapAfterGcBytes").size());
            assertEquals("PASS", run.get("check").asText(), printed);
            assertTrue(run.get("floorUs").asDouble() > 0, printed);
            assertFalse(Files.exists(dir.resolve("data").resolve("run-1")), "the run's directory is removed without --keep");
        } finally {
            process.destroyForcibly();
        }
    }
}
