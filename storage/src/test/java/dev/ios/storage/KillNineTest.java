package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.testkit.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real process is killed with SIGKILL ({@code destroyForcibly}) at a seeded moment while it
 * appends and syncs; every index it reported durable must be there after a restart, intact and in
 * order. Twice per seed on the same directory, so a recovered log is recovered again. For both
 * backends; for Chronicle this also shows the stale write lock of the killed process is released.
 */
class KillNineTest {

    private static final long LINE_TIMEOUT_SECONDS = 20;

    @TempDir
    Path dir;

    static java.util.stream.LongStream seeds() {
        return Seeds.properties(3);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void segmentedLogKeepsEveryReportedIndex(long seed) throws Exception {
        killRepeatedly("segmented", seed);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void chronicleLogKeepsEveryReportedIndex(long seed) throws Exception {
        killRepeatedly("chronicle", seed);
    }

    private void killRepeatedly(String backend, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long durableReported = 0;
        for (int run = 0; run < 2; run++) {
            String where = "seed=" + seed + " backend=" + backend + " run=" + run;
            int killAfterLines = 5 + random.nextInt(150);
            durableReported = Math.max(durableReported, runAndKill(where, backend, random.nextLong(), killAfterLines));
            LogStore[] log = new LogStore[1];
            try (AutoCloseable closeable = KillNineChild.open(backend, dir, log)) {
                List<LogRecord> records = log[0].records();
                assertTrue(records.size() >= durableReported, where + ": " + records.size() + " records, "
                        + durableReported + " reported durable");
                for (int i = 0; i < records.size(); i++) {
                    LogRecord record = records.get(i);
                    if (i < durableReported) {
                        assertEquals(i + 1, record.index(), where + ": records in order without gaps up to "
                                + durableReported);
                    }
                    // Records past the last report (an unsynced batch) may be there, but never damaged.
                    assertArrayEquals(KillNineChild.payload(record.index()), record.payload(),
                            where + ": payload of index " + record.index());
                }
            }
        }
    }

    /** Starts the child, kills it after {@code killAfterLines} durable reports; returns the last reported index. */
    private long runAndKill(String where, String backend, long childSeed, int killAfterLines) throws Exception {
        Path stderr = Files.createTempFile("kill-nine-child", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(ChronicleSettings.JVM_FLAGS.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                KillNineChild.class.getName(), backend, dir.toString(), Long.toString(childSeed)));
        Process child = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            }
        }, "kill-nine-reader");
        reader.setDaemon(true);
        reader.start();
        long durable = 0;
        try {
            for (int seen = 0; seen < killAfterLines; ) {
                String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(line, () -> where + ": child silent for " + LINE_TIMEOUT_SECONDS + " s; stderr: " + read(stderr));
                if (line.startsWith("durable ")) {
                    durable = Long.parseLong(line.substring(8));
                    seen++;
                } else {
                    assertTrue(line.startsWith("started "), where + ": unexpected line '" + line + "'; stderr: " + read(stderr));
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS), where + ": child did not die");
        }
        // Lines already printed before the kill landed are reports too.
        reader.join(TimeUnit.SECONDS.toMillis(LINE_TIMEOUT_SECONDS));
        for (String line = lines.poll(); line != null; line = lines.poll()) {
            if (line.startsWith("durable ")) {
                durable = Long.parseLong(line.substring(8));
            }
        }
        assertEquals(137, child.exitValue(), where + ": killed by SIGKILL; stderr: " + read(stderr));
        Files.deleteIfExists(stderr);
        return durable;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
