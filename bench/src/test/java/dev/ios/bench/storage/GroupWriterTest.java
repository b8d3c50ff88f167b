package dev.ios.bench.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogStore;
import dev.ios.storage.ChronicleLogStore;
import dev.ios.storage.DataDirectory;
import dev.ios.storage.PersistenceMode;
import dev.ios.storage.SegmentedLogStore;
import dev.ios.storage.disk.RealDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The storage benchmark's writers really write what they claim, so {@link LogSyncBenchmark} cannot
 * measure a writer that silently does less (and its harness cannot rot unnoticed).
 */
class GroupWriterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"segmented", "chronicle"})
    void logStoreWriterKeepsTheNewestRecordsDurably(String target) throws Exception {
        byte[] payload = new byte[100];
        payload[7] = 7;
        // 40 groups of 16 = 640 records with 100 kept: discards must have happened.
        try (GroupWriter writer = LogSyncBenchmark.openWriter(target, dir, 100)) {
            assertTrue(writer instanceof LogStoreWriter);
            for (int i = 0; i < 40; i++) {
                writer.writeGroup(16, payload);
            }
        }
        // The log itself, not the DataDirectory: without a snapshot below the discard point a
        // DataDirectory rightly refuses to open ("entries 1..n are missing").
        try (LogStore log = target.equals("segmented")
                ? SegmentedLogStore.open(RealDisk.INSTANCE, dir.resolve(DataDirectory.LOG_DIR), PersistenceMode.FSYNC,
                        SegmentedLogStore.SEGMENT_BYTES_MAX_DEFAULT)
                : ChronicleLogStore.open(dir.resolve(DataDirectory.CHRONICLE_DIR), PersistenceMode.FSYNC)) {
            assertEquals(640, log.lastIndex());
            assertEquals(7, log.get(640).payload()[7]);
            assertTrue(log.discardedBefore() > 1, "memory is bounded: discardedBefore=" + log.discardedBefore());
        }
    }

    @Test
    void plainWriterAppendsEveryRecordAndRollsFiles() throws Exception {
        // 4 KiB files: each group of 16 x (4 + 100) bytes = 1664 bytes, so two groups per file.
        try (PlainFileWriter writer = new PlainFileWriter(dir, 4096)) {
            for (int i = 0; i < 5; i++) {
                writer.writeGroup(16, new byte[100]);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path[] left = files.toArray(Path[]::new);
            assertEquals(1, left.length, "rolled files are deleted");
            assertEquals(1664, Files.size(left[0]), "the fifth group starts the third file");
        }
    }
}
