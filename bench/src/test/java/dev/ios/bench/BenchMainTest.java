package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
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
    void noReachableServerIsSaidPlainlyAndRunsNothing() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nobody listens there
        }
        Path addresses = write("addresses.conf", "[servers]\naddress = 127.0.0.1:" + (port == 65_535 ? 1 : port + 1) + ":" + port + "\n");
        Path client = write("client.conf", "[parameters]\nTimeout = 200\nBackoff = 10\nApplication = kv-store\n");

        long startNs = System.nanoTime();
        int code = run("-config", addresses.toString(), "-algorithm", client.toString(), "-auto", workload().toString(),
                "-stat", dir.resolve("latency.csv").toString());

        assertEquals(BenchMain.EXIT_UNREACHABLE, code, err.toString());
        assertTrue(err.toString().contains("no Ios server reachable"), err.toString());
        assertTrue(Files.notExists(dir.resolve("latency.csv")), "nothing pretends to have run");
        assertTrue(System.nanoTime() - startNs < 10_000_000_000L, "said within 10 s");
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
    void checkWithSeveralClientsChecksTheHistory() throws Exception {
        Path csv = dir.resolve("latency.csv");

        int code = run("--fake", "-check", "--clients", "3", "-auto", workload().toString(), "-stat", csv.toString(),
                "--seed", "7");

        assertEquals(0, code, err.toString());
        assertEquals(900, Files.readAllLines(csv).size());
        // 900 operations by the workers and 10 keys read back after them (the fake starts empty).
        assertTrue(out.toString().contains("check       passed (910 operations"), out.toString());
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
