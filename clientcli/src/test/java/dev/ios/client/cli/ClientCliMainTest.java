package dev.ios.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.client.FakeIosServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell driven through stdin (a pipe) and -c against a fake server: responses, errors, exit codes. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClientCliMainTest {

    /** What one run of the shell printed and returned. */
    record Run(int exitCode, String out, String err, long elapsedNs) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
        }
    }

    @TempDir
    Path dir;

    private FakeIosServer server;
    private Path addresses;
    private Path clientConfig;

    @BeforeEach
    void startFake() throws IOException {
        server = FakeIosServer.start(new FakeIosServer.State());
        addresses = addressFile("addresses.conf", server.port());
        clientConfig = dir.resolve("client.conf");
        Files.writeString(clientConfig, "[parameters]\nTimeout = 5000\nBackoff = 5\nBeforeForce = 3\nApplication = kv-store\n");
    }

    @AfterEach
    void stopFake() {
        server.close();
    }

    private Path addressFile(String name, int... clientPorts) throws IOException {
        StringBuilder text = new StringBuilder("[servers]\n");
        for (int port : clientPorts) {
            int peerPort = port == 65_535 ? port - 1000 : port + 1;
            text.append("address = 127.0.0.1:").append(peerPort).append(':').append(port).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Run run(String stdin, String... flags) {
        List<String> args = new ArrayList<>(List.of("-config", addresses.toString(), "-algorithm", clientConfig.toString()));
        args.addAll(List.of(flags));
        return runRaw(stdin, args.toArray(new String[0]));
    }

    private static Run runRaw(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long startNs = System.nanoTime();
        int code = ClientCliMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                System.nanoTime() - startNs);
    }

    @Test
    void aPipedSessionPrintsOneLinePerResponseAndNoPrompt() {
        Run run = run("update A 1\nget A\nexists A\nupdate B \"hello world\"\nget B\ncount\ndelete A\nexists A\nget A\n"
                + "print\n");
        assertEquals(List.of("OK", "1", "true", "OK", "hello world", "2", "OK", "false", "key not found",
                "B, hello world\\n"), run.lines(), run.err());
        assertEquals("", run.err());
        assertEquals(ExitCode.OK, run.exitCode());
    }

    @Test
    void anUnknownCommandGetsAHelpfulErrorAndTheShellCarriesOn() {
        Run run = run("upd A 1\nupdate A 1\nGET A\nget A\n");
        assertEquals(List.of("OK", "1"), run.lines());
        assertTrue(run.err().contains("Invalid command: unknown command \"upd\""), run.err());
        assertTrue(run.err().contains("(get, exists, update, delete, count, print); type help for the commands"),
                run.err());
        assertEquals(ExitCode.COMMAND_FAILED, run.exitCode(), "a script learns that a line failed");
        assertEquals(2, server.received().size(), "invalid lines never reach the server");
    }

    @Test
    void helpAndExitWorkFromAPipe() {
        Run run = run("help\nupdate A 1\nexit\nget A\n");
        assertTrue(run.out().startsWith("The following commands are available:\n\tget <key>: "), run.out());
        assertTrue(run.out().endsWith("OK\n"), run.out());
        assertEquals(ExitCode.OK, run.exitCode());
        assertEquals(1, server.received().size(), "nothing after exit");
    }

    @Test
    void dashCRunsOneCommandAndReturnsItsStatus() {
        Run update = run("", "-c", "update A 1");
        assertEquals("OK\n", update.out());
        assertEquals(ExitCode.OK, update.exitCode());
        Run get = run("", "-c", "get A");
        assertEquals("1\n", get.out());
        Run invalid = run("", "-c", "get");
        assertEquals(ExitCode.COMMAND_FAILED, invalid.exitCode());
        assertTrue(invalid.err().contains("get takes 1 argument (get <key>), got 0"), invalid.err());
    }

    @Test
    void aRejectedCommandIsReportedWithStatusOne() {
        server.script(FakeIosServer.Mode.REJECT);
        Run run = run("", "-c", "update A 1");
        assertEquals("ERROR rejected: overloaded\n", run.err());
        assertEquals(ExitCode.COMMAND_FAILED, run.exitCode());
    }

    @Test
    void noServerReachableSaysSoAndExitsThreeQuickly() throws IOException {
        addresses = addressFile("dead.conf", FakeIosServer.deadPort(), FakeIosServer.deadPort());
        Run run = run("get A\n");
        assertEquals(ExitCode.UNREACHABLE, run.exitCode());
        assertTrue(run.err().startsWith("no Ios server reachable at 127.0.0.1:"), run.err());
        assertTrue(run.elapsedNs() < TimeUnit.SECONDS.toNanos(5), "bounded, not a hang");
        assertEquals("", run.out());
    }

    @Test
    void badFlagsAndBadConfigsExitTwo() throws IOException {
        assertEquals(ExitCode.USAGE, run("", "-bogus").exitCode());
        Files.writeString(clientConfig, "[parameters]\nTimeout = 0\nBackoff = 5\nApplication = kv-store\n");
        Run run = run("");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("client.conf:2: Timeout = 0"), run.err());
        assertEquals(ExitCode.USAGE, runRaw("", "-config", dir.resolve("missing.conf").toString()).exitCode());
    }

    @Test
    void statWritesOneCsvLinePerRequest() throws IOException {
        Path stats = dir.resolve("latency.csv");
        run("update A 1\nget A\nnot a command\n", "-stat", stats.toString());
        List<String> lines = Files.readAllLines(stats);
        assertEquals(2, lines.size(), lines.toString());
        String[] update = lines.get(0).split(",");
        assertEquals(6, update.length);
        assertEquals("1", update[1]);
        assertEquals("1", update[3]);
        assertEquals("false", update[4]);
        assertEquals("success", update[5]);
        assertEquals("true", lines.get(1).split(",")[4]);
    }

    @Test
    void anExplicitIdKeepsItsRequestIdsIncreasingAcrossRuns() {
        Path idFile = dir.resolve("ids/client-77");
        run("update A 1\n", "-id", "77", "-id-file", idFile.toString());
        run("update A 2\n", "-id", "77", "-id-file", idFile.toString());
        List<FakeIosServer.Received> seen = server.received();
        assertEquals(77, seen.get(0).clientId());
        assertEquals(77, seen.get(1).clientId());
        assertTrue(seen.get(1).requestId() > seen.get(0).requestId(),
                "a restarted shell with the same -id must not reuse a request id: " + seen);
    }

    @Test
    void helpFlagPrintsUsageWithTheExitCodes() {
        Run run = runRaw("", "--help");
        assertEquals(ExitCode.OK, run.exitCode());
        assertTrue(run.out().contains("-config"), run.out());
        assertTrue(run.out().contains("3 no Ios server reachable"), run.out());
    }
}
