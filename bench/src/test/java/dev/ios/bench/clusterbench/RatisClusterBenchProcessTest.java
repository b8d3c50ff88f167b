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
 * CI smoke test of {@code ios clusterbench --system ratis} end to end, as its own JVM with three
 * Apache Ratis peers (bench/ratis): a 2-second checked run with 2 clients and 50 % reads elects a
 * leader, answers every request through the Ios line protocol without an error, passes the
 * linearizability check and prints one complete JSON line marked {@code ratis}. No performance
 * thresholds.
 */
@Tag("process")
@Timeout(180)
class RatisClusterBenchProcessTest {

    @TempDir
    Path dir;

    @Test
    void aShortCheckedRatisRunPrintsACompleteJsonLine() throws Exception {
        String ratisClasspath = ServerBuild.ratisClasspathOrSkip();
        int basePort = ServerBuild.freeBasePort();
        String printed = ClusterBenchProcess.run(dir, "", "", ratisClasspath, List.of(
                "--system", "ratis", "--clients", "2", "--duration", "2s", "--warmup", "1s",
                "--reads", "50", "--check", "--floor-samples", "50", "--base-port", Integer.toString(basePort),
                "--data", dir.resolve("data").toString(), "--server-jvm-opts", "-Xmx256m -XX:+UseSerialGC"));
        assertTrue(printed.contains(ClusterBenchMain.RATIS_LINE), printed);
        JsonNode run = ClusterBenchProcess.onlyRun(printed);
        assertEquals("ratis", run.get("system").asText(), printed);
        assertTrue(run.get("ops").asLong() > 0, printed);
        assertEquals(0, run.get("errors").asLong(), printed);
        assertTrue(run.get("readP50Us").asDouble() > 0 && run.get("writeP50Us").asDouble() > 0, printed);
        int master = run.get("masterId").asInt();
        assertTrue(master >= 0 && master < 3, printed);
        assertEquals(3, run.get("serverCpuCores").size());
        assertEquals("PASS", run.get("check").asText(), printed);
        assertFalse(Files.exists(dir.resolve("data").resolve("run-1")), "the run's directory is removed without --keep");
    }
}
