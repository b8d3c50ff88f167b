package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Chronicle backend's own rules: our CRC catches damage, unsupported modes and missing JVM flags refuse. */
class ChronicleLogStoreTest {

    @TempDir
    Path dir;

    private static LogRecord record(long index) {
        byte[] payload = new byte[64];
        Arrays.fill(payload, (byte) 0x5A);
        return new LogRecord(index, 2, payload);
    }

    @Test
    void roundTripsWithTruncationAndDiscard() {
        try (ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC)) {
            for (int i = 1; i <= 50; i++) {
                store.append(record(i));
            }
            store.truncateFrom(41);
            store.discardBefore(11);
            store.sync();
        }
        try (ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC)) {
            assertEquals(11, store.discardedBefore());
            assertEquals(40, store.lastIndex());
            assertEquals(30, store.records().size());
            assertEquals(record(25), store.get(25));
        }
        assertEquals("true", System.getProperty("chronicle.analytics.disable"), "set by our code, not left to the user");
        assertEquals("true", System.getProperty("chronicle.announcer.disable"), "set by our code, not left to the user");
    }

    @Test
    void flippedPayloadByteRefusesNamingFileAndIndex() throws IOException {
        Path queueFile;
        try (ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC)) {
            queueFile = appendFiveAndDamageRecordOne(store);
        }
        StorageException e = assertThrows(StorageException.class, () -> ChronicleLogStore.open(dir, PersistenceMode.FSYNC));
        assertTrue(e.getMessage().contains(queueFile.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt at excerpt index 0x"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    /** The log reads records back from the queue, so damage done under a running log is caught by the read. */
    @Test
    void aPayloadDamagedUnderARunningLogIsRefusedWhenReadBack() throws IOException {
        try (ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC)) {
            appendFiveAndDamageRecordOne(store);
            assertEquals(record(2), store.get(2), "its neighbour reads back");
            StorageException e = assertThrows(StorageException.class, () -> store.get(1));
            assertTrue(e.getMessage().contains("corrupt at excerpt index 0x"), e.getMessage());
            assertTrue(e.getMessage().contains("checksum mismatch (reading back index 1)"), e.getMessage());
            assertThrows(StorageException.class, store::records, "the log refuses every later call");
        }
    }

    @ParameterizedTest
    @EnumSource(value = PersistenceMode.class, names = {"DSYNC", "OSYNC", "DIRECT"})
    void modesWithoutMeaningForMappedFilesRefuse(PersistenceMode mode) {
        StorageException e = assertThrows(StorageException.class, () -> ChronicleLogStore.open(dir, mode));
        assertTrue(e.getMessage().contains("not available for the chronicle log"), e.getMessage());
    }

    @Test
    void withoutTheJvmFlagsItRefusesInsteadOfFallingBackToReadOnly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ChronicleOpenProbe.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.startsWith("refused: "), out);
        assertTrue(out.contains("needs the JVM flags --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), out);
    }

    @Test
    void cycleFilesGoOnlyWhenEveryAppendInThemIsDiscarded() throws IOException {
        SetTimeProvider clock = new SetTimeProvider(1_767_225_600_000L * 1_000_000L);
        try (ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC, clock)) {
            store.append(record(1000)); // out of order: pins the first day's file
            for (int day = 0; day < 4; day++) {
                for (int i = 1; i <= 10; i++) {
                    store.append(record(day * 10L + i));
                }
                store.sync();
                clock.advanceMillis(86_400_000L);
            }
            assertEquals(4, store.cycleFileCount());
            store.discardBefore(31);
            store.sync();
            // The discard marker went into a fifth day's file.
            assertEquals(5, store.cycleFileCount(), "the first file holds index 1000, so nothing may go");
            store.truncateFrom(1000);
            store.discardBefore(1001);
            store.append(record(1001));
            store.sync();
            assertEquals(1, store.cycleFileCount(), "only the file being written is left");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".cq4")).count());
        }
        try (ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC, clock)) {
            assertEquals(1001, store.discardedBefore(), "the discard point survives the deletion of its file");
            assertEquals(record(1001), store.get(1001));
            assertEquals(1, store.records().size());
        }
    }

    /**
     * Appends records 1..5, syncs, and flips a byte of record 1's payload — never a Chronicle header
     * (a corrupt length field can crash the JVM) — in place, as the file is mapped by the running
     * log; returns the queue file.
     */
    private Path appendFiveAndDamageRecordOne(ChronicleLogStore store) throws IOException {
        for (int i = 1; i <= 5; i++) {
            store.append(record(i));
        }
        store.sync();
        Path queueFile;
        try (Stream<Path> files = Files.list(dir)) {
            queueFile = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        int at = indexOf(Files.readAllBytes(queueFile), new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A});
        assertTrue(at > 0, "payload found in " + queueFile);
        SegmentedLogStoreCorruptionTest.flipByte(queueFile, at + 30);
        return queueFile;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
