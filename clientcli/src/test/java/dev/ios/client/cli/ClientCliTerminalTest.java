package dev.ios.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.client.FakeIosServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a JLine terminal over piped streams (an xterm, as a user's would be):
 * banner, Ios's prompt, tab completion of command words, history written to its file.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClientCliTerminalTest {

    private static final String PROMPT = "Enter command: ";

    /** What the terminal shows; lets the test wait until a text has appeared n times. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized void awaitCount(String text, int count) throws InterruptedException {
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (occurrences(text(), text) < count) {
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0) {
                    throw new AssertionError("waited for " + count + " x '" + text + "'; the screen shows:\n" + text());
                }
                TimeUnit.NANOSECONDS.timedWait(this, leftNs);
            }
        }

        private static int occurrences(String shown, String text) {
            int n = 0;
            for (int at = shown.indexOf(text); at >= 0; at = shown.indexOf(text, at + 1)) {
                n++;
            }
            return n;
        }
    }

    @Test
    void promptCompletionAndAnswers(@TempDir Path dir) throws Exception {
        try (FakeIosServer server = FakeIosServer.start(new FakeIosServer.State())) {
            Path addresses = dir.resolve("addresses.conf");
            Files.writeString(addresses, "[servers]\naddress = 127.0.0.1:" + (server.port() == 65_535 ? 1 : server.port() + 1)
                    + ":" + server.port() + "\n");
            Path clientConfig = dir.resolve("client.conf");
            Files.writeString(clientConfig, "[parameters]\nTimeout = 5000\nBackoff = 5\nApplication = kv-store\n");
            Path history = dir.resolve("history");
            PipedOutputStream keyboard = new PipedOutputStream();
            PipedInputStream keys = new PipedInputStream(keyboard, 4096);
            Screen screen = new Screen();
            Terminal terminal = TerminalBuilder.builder().system(false).type("xterm").encoding(StandardCharsets.UTF_8)
                    .streams(keys, screen).size(new Size(120, 40)).build();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ClientCliMain.run(new String[] {
                "-config", addresses.toString(), "-algorithm", clientConfig.toString(), "-history", history.toString()},
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), terminal, true));

            // Type as a user would, each line after its prompt: TAB completes "up" to "update ", Enter is CR.
            String[] lines = {"up\tA 1\r", "get A\r", "bogus\r", "quit\r"};
            for (int i = 0; i < lines.length; i++) {
                screen.awaitCount(PROMPT, i + 1);
                keyboard.write(lines[i].getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
            }
            int code = exit.get(10, TimeUnit.SECONDS);
            terminal.close();

            // What a user sees: without CRs (the terminal writes CR LF) and JLine's mode-switching escapes.
            String shown = screen.text().replace("\r", "").replaceAll("\u001B\\[[?0-9;]*[A-Za-z]|\u001B[=>]", "");
            assertEquals(ExitCode.OK, code, err.toString(StandardCharsets.UTF_8));
            assertTrue(shown.startsWith("Starting Ios kv-store client in interactive mode.\n"), shown);
            assertTrue(shown.contains("update A 1"), "the completed word is echoed: " + shown);
            assertTrue(shown.contains("Invalid command: unknown command \"bogus\""), shown);
            assertEquals("update A 1", server.received().get(0).request(), "TAB completed the command word");
            assertEquals("get A", server.received().get(1).request());
            assertEquals(2, server.received().size());
            assertTrue(shown.contains("Enter command: update A 1\nOK\nEnter command: get A\n1\nEnter command: bogus\n"), shown);
            String saved = Files.readString(history);
            assertTrue(saved.contains("update A 1") && saved.contains("get A"), saved);
        }
    }
}
