package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.LocalCluster;
import dev.ios.bench.cluster.ServerBuild;
import dev.ios.client.cli.ClientCliMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell against a real local cluster of three server processes: driven through stdin (a pipe)
 * and through a pseudo-terminal (script(1)), with Ios's session: update, get, exists, delete,
 * count, a quoted value with spaces, and an unknown command that gets a helpful error while the
 * shell carries on.
 */
@Tag("process")
@Timeout(180)
class ShellOnClusterProcessTest {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private Path clientConfig;

    @BeforeEach
    void startCluster() throws Exception {
        String classpath = ServerBuild.classpathOrSkip();
        Path serverConfig = ServerBuild.repositoryRoot().resolve("configs/simple/server.conf");
        cluster = LocalCluster.start(ClusterLayout.freePorts(3), classpath, serverConfig, dir, dir.resolve("addresses.conf"),
                ServerBuild.repositoryRoot());
        cluster.awaitMaster(Duration.ofSeconds(60));
        clientConfig = Files.writeString(dir.resolve("client.conf"),
                "[parameters]\nTimeout = 2000\nBackoff = 20\nBeforeForce = 3\nApplication = kv-store\n");
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPipedSessionAgainstRealServers() {
        String session = "update A 1\nget A\nexists A\nupdate B \"hello world\"\nget B\ncount\nfrobnicate A\n"
                + "delete A\nexists A\nget A\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ClientCliMain.run(new String[] {"-config", cluster.addressFile().toString(), "-algorithm",
            clientConfig.toString()}, new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, false);

        String errors = err.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("OK", "1", "true", "OK", "hello world", "2", "OK", "false", "key not found"),
                out.toString(StandardCharsets.UTF_8).lines().toList(), errors);
        assertTrue(errors.contains("unknown command \"frobnicate\""), errors);
        assertEquals(1, code, "a script learns that one line failed");
    }

    @Test
    void aUserSessionOnAPseudoTerminalAgainstRealServers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + ClientCliMain.class.getName() + " -config '" + cluster.addressFile() + "' -algorithm '" + clientConfig
                + "' -history none; echo EXIT=$?";
        Process script = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null")
                .redirectErrorStream(true).start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try {
            InputStream shown = script.getInputStream();
            OutputStream keyboard = script.getOutputStream();
            String[] lines = {"up\tA 1\r", "get A\r", "bogus\r", "count\r", "exit\r"};
            for (int i = 0; i < lines.length; i++) {
                int prompts = i + 1;
                readUntil(shown, screen, prompts + " prompts", t -> countOf(t, "Enter command: ") >= prompts);
                keyboard.write(lines[i].getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
            }
            readUntil(shown, screen, "EXIT=<status>", t -> t.matches("(?s).*EXIT=[0-9]+\\D.*"));
        } finally {
            script.destroyForcibly();
            script.waitFor(10, TimeUnit.SECONDS);
        }
        String text = screen.toString(StandardCharsets.UTF_8).replace("\r", "")
                .replaceAll("\u001B\\[[?0-9;]*[A-Za-z]|\u001B[=>]", "");
        assertTrue(text.contains("Enter command: update A 1\nOK\nEnter command: get A\n1\n"), text);
        assertTrue(text.contains("unknown command \"bogus\""), text);
        assertTrue(text.contains("Enter command: count\n1\n"), text);
        assertTrue(text.contains("EXIT=0"), text);
    }

    private static void readUntil(InputStream in, ByteArrayOutputStream screen, String what,
            java.util.function.Predicate<String> done) throws Exception {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        byte[] buffer = new byte[4096];
        while (!done.test(screen.toString(StandardCharsets.UTF_8))) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("waited for " + what + "; the pty shows:\n" + screen);
            }
            if (in.available() == 0) {
                // A bounded poll for output; the loop re-checks the condition.
                TimeUnit.MILLISECONDS.sleep(10);
                continue;
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the pty closed before " + what + ":\n" + screen);
            }
            screen.write(buffer, 0, n);
        }
    }

    private static int countOf(String shown, String text) {
        int n = 0;
        for (int at = shown.indexOf(text); at >= 0; at = shown.indexOf(text, at + 1)) {
            n++;
        }
        return n;
    }
}
