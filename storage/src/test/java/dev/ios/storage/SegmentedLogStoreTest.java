package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.CrashingDisk;
import dev.ios.storage.disk.RealDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The segmented log's own rules: modes, segment deletion with out-of-order indices, failures. */
class SegmentedLogStoreTest {

    private static final long SEGMENT_BYTES_MAX = 4096;

    @TempDir
    Path dir;

    private static LogRecord record(long index, int payloadBytes) {
        return new LogRecord(index, 1, new byte[payloadBytes]);
    }

    @ParameterizedTest
    @EnumSource(value = PersistenceMode.class, names = {"FSYNC", "DSYNC", "OSYNC", "DIRECT", "NONE"})
    void everyModeRoundTripsOnTheRealFileSystem(PersistenceMode mode) {
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, mode, SEGMENT_BYTES_MAX)) {
            for (int i = 1; i <= 300; i++) {
                store.append(record(i, 20));
                if (i % 16 == 0) {
                    store.sync();
                }
            }
            store.truncateFrom(250);
            store.sync();
        }
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, mode, SEGMENT_BYTES_MAX)) {
            assertEquals(249, store.lastIndex(), "mode=" + mode);
            assertEquals(249, store.records().size(), "mode=" + mode);
        }
    }

    @Test
    void directModeOnAFileSystemWithoutODirectRefusesAtStartUp() {
        CrashingDisk disk = new CrashingDisk();
        disk.refuseDirect();
        Path logDir = Path.of("/data/log");
        StorageException e = assertThrows(StorageException.class,
                () -> SegmentedLogStore.open(disk, logDir, PersistenceMode.DIRECT, SEGMENT_BYTES_MAX));
        assertTrue(e.getMessage().contains("persistence mode direct failed in " + logDir), e.getMessage());
        assertTrue(e.getMessage().contains("use fsync instead"), e.getMessage());
    }

    @Test
    void directModeLeavesNoPaddingAfterACleanCloseAndRollsCleanly() throws IOException {
        for (int round = 0; round < 3; round++) {
            try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.DIRECT, SEGMENT_BYTES_MAX)) {
                for (int i = 1; i <= 100; i++) {
                    store.append(record(round * 100L + i, 37));
                    if (i % 7 == 0) {
                        store.sync();
                    }
                }
                store.sync();
            }
        }
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX)) {
            assertEquals(300, store.records().size());
            assertTrue(store.segmentCount() > 3, "segments=" + store.segmentCount());
        }
        long recordBytes = SegmentFormat.recordBytes(37);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                long payloadBytes = Files.size(file) - SegmentFormat.HEADER_BYTES;
                assertEquals(0, payloadBytes % recordBytes, file + " ends with its last record, not padding");
            }
        }
    }

    /**
     * Mode direct writes zeros ahead too: a sync that grows the file also commits the file
     * system's journal, so appends must land in blocks that exist. And a log opened again with the
     * zeros still there (as after a crash: close would have trimmed them) ends at its last record.
     */
    @Test
    void directModeWritesZerosAheadSoSyncsDoNotGrowTheFile() throws IOException {
        long segmentBytesMax = 8L << 20;
        SegmentedLogStore crashed = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.DIRECT, segmentBytesMax);
        crashed.append(record(1, 100));
        crashed.sync();
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.toList().get(0);
        }
        long grown = Files.size(segment);
        assertTrue(grown >= SegmentedLogStore.ZERO_CHUNK_BYTES, "zeros written ahead: the file has " + grown + " bytes");
        for (int i = 2; i <= 200; i++) {
            crashed.append(record(i, 100));
            crashed.sync();
            assertEquals(grown, Files.size(segment), "sync " + i + " grew the file");
        }
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.DIRECT, segmentBytesMax)) {
            assertEquals(200, store.lastIndex(), "the zeros after record 200 end the log");
            store.append(record(201, 100));
            store.sync();
        }
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC, segmentBytesMax)) {
            assertEquals(201, store.records().size());
            assertEquals(201, store.lastIndex());
        }
    }

    @Test
    void wholeSegmentsGoOnlyWhenEveryAppendInThemIsDiscarded() {
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX)) {
            // Segment 1 gets index 1000 among low ones: delegated replication writes out of order.
            store.append(record(1000, 100));
            for (int i = 1; i <= 200; i++) {
                store.append(record(i, 100));
            }
            store.sync();
            int segments = store.segmentCount();
            assertTrue(segments > 3, "segments=" + segments);
            store.discardBefore(201);
            store.sync();
            assertEquals(segments, store.segmentCount(), "segment 1 holds index 1000, so nothing may go");
            store.truncateFrom(1000);
            store.discardBefore(1001);
            store.sync();
            assertEquals(1, store.segmentCount(), "only the active segment is left");
            assertEquals(1000, store.lastIndex());
        }
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX)) {
            assertEquals(1001, store.discardedBefore(), "the discard point survives the deletion of its segment");
            assertNull(store.get(1000));
        }
    }

    @Test
    void appendBelowTheDiscardPointIsAProgrammerError() {
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX)) {
            store.discardBefore(10);
            assertThrows(IllegalArgumentException.class, () -> store.append(record(9, 1)));
            store.append(record(10, 1));
        }
    }

    @Test
    void anIoErrorMakesTheStoreUnusableAndLosesNothingSynced() throws Exception {
        CrashingDisk disk = new CrashingDisk();
        Path log = Path.of("/data/log");
        SegmentedLogStore store = SegmentedLogStore.open(disk, log, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX);
        store.append(record(1, 10));
        store.sync();
        store.append(record(2, 10));
        disk.failAfter(0); // disk full from now on
        StorageException e = assertThrows(StorageException.class, store::sync);
        assertTrue(e.getMessage().contains(log.toString()), e.getMessage());
        assertThrows(StorageException.class, () -> store.append(record(3, 10)), "no acknowledging after a failure");
        assertThrows(StorageException.class, store::sync, "never retry a failed sync and carry on");
        disk.heal();
        disk.crash(new SplittableRandom(1));
        try (SegmentedLogStore reopened = SegmentedLogStore.open(disk, log, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX)) {
            assertEquals(record(1, 10), reopened.get(1));
        }
    }
}
