package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ios.bench.cluster.ServerBuild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the clusterbench process tests share: running the command as its own JVM, and reading its JSON line. */
final class ClusterBenchProcess {

    private ClusterBenchProcess() {}

    /**
     * Runs {@code ios clusterbench args} with the given classpaths ("" for none) in {@code dir}
     * (output in {@code clusterbench.out}), asserts that it exits 0 within 150 s, and returns all it
     * printed.
     */
    static String run(Path dir, String serverClasspath, String sofajraftClasspath, List<String> args)
            throws IOException, InterruptedException {
        return run(dir, serverClasspath, sofajraftClasspath, "", args);
    }

    /** As {@link #run(Path, String, String, List)}, with bench/ratis's classpath ("" for none) too. */
    static String run(Path dir, String serverClasspath, String sofajraftClasspath, String ratisClasspath, List<String> args)
            throws IOException, InterruptedException {
        Path output = dir.resolve("clusterbench.out");
        List<String> command = ServerBuild.benchCommand(serverClasspath, sofajraftClasspath, ratisClasspath, "-Xmx256m",
                ClusterBenchMain.class, args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(process.waitFor(150, TimeUnit.SECONDS), "clusterbench did not finish in 150 s");
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), printed);
            return printed;
        } finally {
            process.destroyForcibly();
        }
    }

    /** The one JSON line in {@code printed}, asserted to have every field of a run in order. */
    static JsonNode onlyRun(String printed) throws IOException {
        List<String> jsonLines = printed.lines().filter(line -> line.startsWith("{")).toList();
        assertEquals(1, jsonLines.size(), printed);
        JsonNode run = new ObjectMapper().readTree(jsonLines.get(0));
        List<String> names = new ArrayList<>();
        run.fieldNames().forEachRemaining(names::add);
        assertEquals(RunReportTest.FIELDS, names, printed);
        return run;
    }
}
