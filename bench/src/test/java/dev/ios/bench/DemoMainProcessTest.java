package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.cluster.ServerBuild;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ios demo} for real, as {@code ./ios demo} runs it: three server processes, the balanced
 * workload with {@code -check}, the summary, {@code latency.csv} with one row per request, the
 * report, every server stopped. Also the refusals: no server classpath, a busy port.
 */
@Tag("process")
@Timeout(120)
class DemoMainProcessTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String homeBefore;
    private String classpathBefore;

    @BeforeEach
    void rememberProperties() {
        homeBefore = System.getProperty("ios.home");
        classpathBefore = System.getProperty(ServerClasspath.PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore("ios.home", homeBefore);
        restore(ServerClasspath.PROPERTY, classpathBefore);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    int demo(String... args) {
        return DemoMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    @Test
    void demoRunsTheWorkloadOnThreeServersAndStopsThem() throws Exception {
        System.setProperty(ServerClasspath.PROPERTY, ServerBuild.classpathOrSkip());
        System.setProperty("ios.home", ServerBuild.repositoryRoot().toString());
        Path data = dir.resolve("demo");
        Files.createDirectories(data.resolve("0"));
        Files.writeString(data.resolve("latency.csv"), "left by an earlier run\n");

        long startNs = System.nanoTime();
        int code = demo("--data", data.toString(), "--duration", "3s", "--clients", "3");
        double seconds = (System.nanoTime() - startNs) / 1e9;

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + "\n" + err);
        assertTrue(printed.contains("p99.9"), printed);
        assertTrue(printed.contains("check       passed"), printed);
        Matcher requests = Pattern.compile("requests\\s+(\\d+) in").matcher(printed);
        assertTrue(requests.find(), printed);
        long requestCount = Long.parseLong(requests.group(1));
        assertTrue(requestCount > 0, printed);
        List<String> rows = Files.readAllLines(data.resolve("latency.csv"));
        assertEquals(requestCount, rows.size(), "one row per request, the old file replaced");
        for (String row : rows) {
            assertEquals(5, row.split(",", -1).length, row);
        }
        assertTrue(Files.size(data.resolve("report.html")) > 100_000, "the report was written, Chart.js inlined");
        assertTrue(printed.contains(data.resolve("report.html").toString()), printed);
        assertTrue(printed.contains(data.resolve("latency.csv").toString()), printed);
        assertTrue(seconds < 60, "under a minute: " + seconds + " s");
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "every server stopped");
    }

    @Test
    void withoutTheServerClasspathItSaysHowToRunIt() {
        System.clearProperty(ServerClasspath.PROPERTY);

        assertEquals(LocalClusterMain.EXIT_USAGE, demo("--data", dir.resolve("demo").toString()));
        assertTrue(err.toString().contains("./ios demo"), err.toString());
    }

    @Test
    void refusesToWipeADirectoryItDidNotWrite() throws Exception {
        System.setProperty(ServerClasspath.PROPERTY, "anything");
        Files.writeString(dir.resolve("thesis.tex"), "years of work");

        assertEquals(BenchMain.EXIT_IO, demo("--data", dir.toString()));
        assertTrue(err.toString().contains("thesis.tex"), err.toString());
        assertTrue(Files.exists(dir.resolve("thesis.tex")));
    }
}
