package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.RealDisk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged log directories on the real file system, each with its documented outcome
 * (storage/README.md, "Recovery outcomes"): a torn tail is cut, damage anywhere else refuses to
 * start naming file and offset, foreign files are ignored.
 */
class SegmentedLogStoreCorruptionTest {

    // Every record here has a 10-byte payload: 8 + 17 + 10 bytes on disk.
    private static final int RECORD_BYTES = SegmentFormat.recordBytes(10);
    private static final long SEGMENT_BYTES_MAX = SegmentFormat.HEADER_BYTES + 10L * RECORD_BYTES;

    @TempDir
    Path dir;

    private SegmentedLogStore open() {
        return SegmentedLogStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC, SEGMENT_BYTES_MAX);
    }

    private static LogRecord record(long index) {
        byte[] payload = new byte[10];
        java.util.Arrays.fill(payload, (byte) index);
        return new LogRecord(index, 1, payload);
    }

    /** Writes records 1..count (10 per segment), syncs and closes. */
    private void writeRecords(int count) {
        try (SegmentedLogStore store = open()) {
            for (int i = 1; i <= count; i++) {
                store.append(record(i));
            }
            store.sync();
        }
    }

    private Path segment(long sequence) {
        return dir.resolve(SegmentFormat.fileName(sequence));
    }

    private static long recordOffset(int position) {
        return SegmentFormat.HEADER_BYTES + (long) position * RECORD_BYTES;
    }

    /** Flips one byte in place (never truncating: the file may be mapped or open in a running log). */
    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x40);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private static void assertHolds(SegmentedLogStore store, int first, int last) {
        List<LogRecord> records = store.records();
        assertEquals(last - first + 1, records.size(), "records " + records);
        for (int i = first; i <= last; i++) {
            assertEquals(record(i), store.get(i), "index " + i);
        }
    }

    @Test
    void truncatedTailIsCutAndAppendingContinuesAcrossTwoRestarts() throws IOException {
        writeRecords(15);
        Path last = segment(2);
        // Segment 2 holds 11..15: tear record 15 (the zeros written ahead of it go too).
        truncate(last, recordOffset(5) - 3);
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 14);
            store.append(record(15));
            store.append(record(16));
            store.sync();
        }
        // The original Ios could not restart twice; this one must.
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 16);
        }
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 16);
        }
    }

    @Test
    void flippedByteInTheLastRecordIsCut() throws IOException {
        writeRecords(15);
        // Segment 2 holds 11..15 after its header; 15 is at position 4.
        flipByte(segment(2), recordOffset(4) + 12);
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 14);
        }
        assertEquals(recordOffset(4), Files.size(segment(2)), "the bad record is cut off the file");
    }

    @Test
    void zeroBytesAfterTheLastRecordEndTheLogAndTheNextRecordGoesRightAfterIt() throws IOException {
        writeRecords(5);
        // The store writes zeros ahead of its records, so the file grows once per chunk, not per sync.
        assertTrue(Files.size(segment(1)) > recordOffset(5), "zeros written ahead of the records");
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 5);
            store.append(record(6));
            store.sync();
        }
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 6);
        }
        byte[] bytes = Files.readAllBytes(segment(1));
        assertEquals(6, bytes[(int) recordOffset(5) + SegmentFormat.FRAME_BYTES + SegmentFormat.BODY_FIXED_BYTES],
                "record 6 follows record 5, not the zeros");
    }

    @Test
    void aRolledSegmentEndsWithItsLastRecord() throws IOException {
        writeRecords(15);
        assertEquals(recordOffset(10), Files.size(segment(1)), "the zeros ahead were cut when segment 2 began");
    }

    @Test
    void flippedByteInTheMiddleOfTheLastSegmentRefusesToStart() throws IOException {
        writeRecords(15);
        flipByte(segment(2), recordOffset(1) + 20);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains(segment(2).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + recordOffset(1)), e.getMessage());
    }

    @Test
    void flippedByteInAnOlderSegmentRefusesToStart() throws IOException {
        writeRecords(15);
        flipByte(segment(1), recordOffset(9) + 8);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains(segment(1).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + recordOffset(9)), e.getMessage());
    }

    @Test
    void flippedLengthFieldInAnOlderSegmentRefusesToStart() throws IOException {
        writeRecords(15);
        flipByte(segment(1), recordOffset(3) + 1);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains("offset " + recordOffset(3)), e.getMessage());
    }

    @Test
    void truncatedOlderSegmentRefusesToStart() throws IOException {
        writeRecords(15);
        truncate(segment(1), recordOffset(9) + 5);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains(segment(1) + " is corrupt at offset " + recordOffset(9)), e.getMessage());
    }

    @Test
    void garbageFilesAreIgnored() throws IOException {
        writeRecords(5);
        Files.write(dir.resolve("notes.txt"), "hello".getBytes());
        Files.write(dir.resolve("log-12.seg"), new byte[] {1, 2, 3});
        Files.createDirectory(dir.resolve("subdir"));
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 5);
        }
        assertTrue(Files.exists(dir.resolve("notes.txt")), "foreign files are never deleted");
    }

    @Test
    void zeroLengthLastSegmentIsDeletedAsATornCreation() throws IOException {
        writeRecords(5);
        // A crash just after a roll created segment 2: the roll had cut segment 1 to its records.
        truncate(segment(1), recordOffset(5));
        Files.write(segment(2), new byte[0]);
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 5);
            store.append(record(6));
            store.sync();
        }
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 6);
        }
    }

    @Test
    void zeroLengthOlderSegmentRefusesToStart() throws IOException {
        writeRecords(15);
        truncate(segment(1), 0);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains(segment(1) + " is corrupt at offset 0"), e.getMessage());
    }

    @Test
    void missingSegmentInTheSequenceRefusesToStart() throws IOException {
        writeRecords(25);
        Files.delete(segment(2));
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains(segment(2) + " is missing"), e.getMessage());
    }

    @Test
    void foreignFileWithASegmentNameRefusesToStart() throws IOException {
        writeRecords(15);
        Files.write(segment(1), "this is not a segment, but it has a segment's name".getBytes());
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains(segment(1) + " is corrupt at offset 0: bad magic"), e.getMessage());
    }

    /**
     * The log keeps no records in memory and reads them back from the files, so damage done under a
     * running log (after replay checked the file) is caught by the read: named, and the log halts.
     */
    @Test
    void aRecordDamagedUnderARunningLogIsRefusedWhenReadBack() throws IOException {
        try (SegmentedLogStore store = open()) {
            for (int i = 1; i <= 15; i++) {
                store.append(record(i));
            }
            store.sync();
            // Segment 1 holds 1..10 after its header; 4 is at position 3. A payload byte.
            flipByte(segment(1), recordOffset(3) + 30);
            assertEquals(record(3), store.get(3), "its neighbour reads back");
            StorageException e = assertThrows(StorageException.class, () -> store.get(4));
            assertTrue(e.getMessage().contains(segment(1) + " is corrupt at offset " + recordOffset(3) + ": checksum mismatch"),
                    e.getMessage());
            assertThrows(StorageException.class, store::records, "the log refuses every later call");
            assertThrows(StorageException.class, () -> store.append(record(16)));
        }
    }

    @Test
    void unsyncedButClosedRecordsSurviveAReopen() {
        try (SegmentedLogStore store = open()) {
            store.append(record(1));
        }
        try (SegmentedLogStore store = open()) {
            assertHolds(store, 1, 1);
        }
        assertFalse(Files.exists(dir.resolve("log-00000000000000000003.seg")));
    }
}
