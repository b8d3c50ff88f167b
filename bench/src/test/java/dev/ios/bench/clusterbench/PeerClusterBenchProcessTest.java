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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CI smoke test of {@code ios clusterbench --system sofajraft} and {@code --system ratis} end to end,
 * as its own JVM with three peers of the library (bench/sofajraft, bench/ratis): a 2-second checked
 * run with 2 clients and 50 % reads elects a leader, answers every request through the Ios line
 * protocol without an error, passes the linearizability check and prints one complete JSON line
 * marked with the system's name. No performance thresholds.
 */
@Tag("process")
@Timeout(180)
class PeerClusterBenchProcessTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SystemUnderTest.class, names = {"SOFAJRAFT", "RATIS"})
    void aShortCheckedRunPrintsACompleteJsonLine(SystemUnderTest system) throws Exception {
        boolean jraft = system == SystemUnderTest.SOFAJRAFT;
        String jraftClasspath = jraft ? ServerBuild.sofajraftClasspathOrSkip() : "";
        String ratisClasspath = jraft ? "" : ServerBuild.ratisClasspathOrSkip();
        int basePort = ServerBuild.freeBasePort();
        String printed = ClusterBenchProcess.run(dir, "", jraftClasspath, ratisClasspath, List.of(
                "--system", system.flagName(), "--clients", "2", "--duration", "2s", "--warmup", "1s",
                "--reads", "50", "--check", "--floor-samples", "50", "--base-port", Integer.toString(basePort),
                "--data", dir.resolve("data").toString(), "--server-jvm-opts", "-Xmx256m -XX:+UseSerialGC"));
        assertTrue(printed.contains(jraft ? ClusterBenchMain.JRAFT_LINE : ClusterBenchMain.RATIS_LINE), printed);
        JsonNode run = ClusterBenchProcess.onlyRun(printed);
        assertEquals(system.flagName(), run.get("system").asText(), printed);
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
