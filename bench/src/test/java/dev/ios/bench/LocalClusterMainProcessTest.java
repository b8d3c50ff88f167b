package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.bench.cluster.ServerBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ios local 3} as its own JVM, as {@code ./ios local 3} runs it: it prints the addresses and
 * "a master serves", and when it is killed with {@code kill -9} — no shutdown hook runs — its three
 * servers stop by themselves, because their standard input (a pipe from it) ends.
 */
@Tag("process")
@Timeout(150)
class LocalClusterMainProcessTest {

    @TempDir
    Path dir;

    @Test
    void serversStopWhenIosLocalIsKilled() throws Exception {
        String serverClasspath = ServerBuild.classpathOrSkip();
        int basePort = ServerBuild.freeBasePort();
        Path output = dir.resolve("ios-local.out");
        List<String> command = ServerBuild.benchCommand(serverClasspath, "-Xmx128m", LocalClusterMain.class,
                List.of("3", "--base-port", Integer.toString(basePort), "--data", dir.toString()));
        Process parent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        List<ProcessHandle> servers = new ArrayList<>();
        try {
            awaitOutput(parent, output, "a master serves", 90);
            parent.children().forEach(servers::add);
            assertEquals(3, servers.size(), "three server processes");
            String printed = Files.readString(output);
            assertTrue(printed.contains("clients 127.0.0.1:" + (basePort + 2) + "  peers 127.0.0.1:" + (basePort + 12)), printed);
            assertTrue(Files.readString(dir.resolve("local-3.conf")).contains("address = 127.0.0.1:" + (basePort + 10) + ":" + basePort));

            parent.destroyForcibly(); // SIGKILL: the parent's shutdown hook never runs
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (servers.stream().anyMatch(ProcessHandle::isAlive)) {
                if (System.nanoTime() > deadlineNs) {
                    fail("servers still alive 20 s after their parent was killed");
                }
                Thread.sleep(50);
            }
        } finally {
            parent.destroyForcibly();
            servers.forEach(ProcessHandle::destroyForcibly);
        }
    }


    private static void awaitOutput(Process process, Path output, String text, int seconds) throws Exception {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(output) || !Files.readString(output).contains(text)) {
            if (!process.isAlive()) {
                fail("ios local exited " + process.exitValue() + ":\n" + Files.readString(output));
            }
            if (System.nanoTime() > deadlineNs) {
                fail("no '" + text + "' within " + seconds + " s:\n" + Files.readString(output));
            }
            Thread.sleep(50);
        }
    }
}
