package dev.ios.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ios.client.FakeIosServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell as a separate JVM on a real pseudo-terminal made by script(1), as a user runs it: the
 * system terminal is detected, the prompt shows, TAB completes {@code up} to {@code update}, and
 * {@code exit} ends it with status 0. Skipped where script(1) is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCliPtyTest {

    private static final String PROMPT = "Enter command: ";

    @Test
    void aUserSessionOnAPseudoTerminal(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        try (FakeIosServer server = FakeIosServer.start(new FakeIosServer.State())) {
            Path addresses = dir.resolve("addresses.conf");
            Files.writeString(addresses, "[servers]\naddress = 127.0.0.1:" + (server.port() == 65_535 ? 1 : server.port() + 1)
                    + ":" + server.port() + "\n");
            Path clientConfig = dir.resolve("client.conf");
            Files.writeString(clientConfig, "[parameters]\nTimeout = 5000\nBackoff = 5\nApplication = kv-store\n");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                    + ClientCliMain.class.getName() + " -config '" + addresses + "' -algorithm '" + clientConfig
                    + "' -history none; echo EXIT=$?";
            Process script = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null")
                    .redirectErrorStream(true).start();
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            try {
                InputStream shown = script.getInputStream();
                OutputStream keyboard = script.getOutputStream();
                String[] lines = {"up\tA 1\r", "get A\r", "exit\r"};
                for (int i = 0; i < lines.length; i++) {
                    int prompts = i + 1;
                    readUntil(shown, screen, prompts + " x " + PROMPT, t -> countOf(t, PROMPT) >= prompts);
                    keyboard.write(lines[i].getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                }
                readUntil(shown, screen, "EXIT=<status>", t -> t.matches("(?s).*EXIT=[0-9]+\\D.*"));
            } finally {
                script.destroyForcibly();
                script.waitFor(10, TimeUnit.SECONDS);
            }
            String text = text(screen).replace("\r", "").replaceAll("\u001B\\[[?0-9;]*[A-Za-z]|\u001B[=>]", "");
            assertTrue(text.contains("Starting Ios kv-store client in interactive mode."), text);
            assertTrue(text.contains("Enter command: update A 1\nOK\nEnter command: get A\n1\n"), text);
            assertTrue(text.contains("EXIT=0"), text);
            // One entry per request id: a retry (same id) on a badly loaded machine is not a new command.
            Map<Long, String> requests = new LinkedHashMap<>();
            for (FakeIosServer.Received one : server.received()) {
                requests.putIfAbsent(one.requestId(), one.request());
            }
            assertEquals(List.of("update A 1", "get A"), List.copyOf(requests.values()));
        }
    }

    /** Reads until what the pty showed satisfies {@code done}, or fails after 20 s / at end of stream. */
    private static void readUntil(InputStream in, ByteArrayOutputStream screen, String what, Predicate<String> done)
            throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        byte[] buffer = new byte[4096];
        while (!done.test(text(screen))) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("waited for " + what + "; the pty shows:\n" + text(screen));
            }
            if (in.available() == 0) {
                // Bounded wait for output; the loop re-checks the condition, never a fixed sleep for it.
                TimeUnit.MILLISECONDS.sleep(10);
                continue;
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the pty closed before " + what + ":\n" + text(screen));
            }
            screen.write(buffer, 0, n);
        }
    }

    private static String text(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private static int countOf(String shown, String text) {
        int n = 0;
        for (int at = shown.indexOf(text); at >= 0; at = shown.indexOf(text, at + 1)) {
            n++;
        }
        return n;
    }
}
