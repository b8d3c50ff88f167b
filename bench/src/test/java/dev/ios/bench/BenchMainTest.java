package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ios bench} end to end: flags, exit codes, and a --fake smoke run with its files. */
class BenchMainTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return BenchMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    Path workload() throws Exception {
        return write("workload.conf", "[config]\nreads = 50\ninterval = 0\nkeys = 10\nkeySize = 1\nvalueSize = 8\nrequests = 300\n");
    }

    @Test
    void againstAClusterSaysPlainlyThatTheClientIsNotWired() throws Exception {
        Path addresses = write("addresses.conf", "[servers]\naddress = 127.0.0.1:8090:8080\n");
        Path client = write("client.conf", "[parameters]\nTimeout = 500\nBackoff = 10\nApplication = kv-store\n");

        int code = run("-config", addresses.toString(), "-algorithm", client.toString(), "-auto", workload().toString(),
                "-stat", dir.resolve("latency.csv").toString());

        assertEquals(BenchMain.EXIT_NO_CLIENT, code, err.toString());
        assertTrue(err.toString().contains("not wired"), err.toString());
        assertTrue(Files.notExists(dir.resolve("latency.csv")), "nothing pretends to have run");
    }

    @Test
    void fakeRunWritesCsvAndReportAndPassesCheck() throws Exception {
        Path csv = dir.resolve("latency.csv");
        Path report = dir.resolve("out.html");

        int code = run("--fake", "-check", "-auto", workload().toString(), "-stat", csv.toString(), "--report", report.toString(),
                "--seed", "5");

        assertEquals(0, code, err.toString());
        assertEquals(300, Files.readAllLines(csv).size());
        assertTrue(Files.size(report) > 100_000, "the report inlines Chart.js");
        assertTrue(out.toString().contains("check       passed"), out.toString());
        assertTrue(out.toString().contains("p99.9"), out.toString());
        assertTrue(err.toString().contains("seed=5"), "the seed is printed: " + err);
    }

    @Test
    void badWorkloadFileNamesFileLineAndKey() throws Exception {
        Path bad = write("bad.conf", "[config]\nreads = 150\nkeys = 1\nkeySize = 1\nvalueSize = 1\nrequests = 1\n");

        assertEquals(BenchMain.EXIT_USAGE, run("--fake", "-auto", bad.toString()));
        assertTrue(err.toString().contains("bad.conf:2: reads = 150"), err.toString());
    }

    @Test
    void checkWithSeveralClientsIsRefused() throws Exception {
        assertEquals(BenchMain.EXIT_USAGE, run("--fake", "-check", "--clients", "2", "-auto", workload().toString(),
                "-stat", dir.resolve("latency.csv").toString()));
        assertTrue(err.toString().contains("-check needs exactly one client"), err.toString());
    }

    @Test
    void helpExplainsEveryFlag() {
        assertEquals(0, run("--help"));
        for (String flag : new String[] {"-config", "-auto", "-algorithm", "-stat", "-check", "-id", "--clients", "--duration",
                "--report", "--fake", "--seed", "--request-timeout"}) {
            assertTrue(out.toString().contains(flag), flag + " in\n" + out);
        }
    }
}
