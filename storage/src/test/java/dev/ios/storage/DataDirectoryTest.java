package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.CrashingDisk;
import dev.ios.storage.disk.SimulatedCrash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory recovers its three parts together and refuses combinations it cannot trust. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    private DataDirectory open() {
        return DataDirectory.open(dir, StorageOptions.defaults());
    }

    @Test
    void freshDirectoryStartsAtViewZeroAndRoundTrips() {
        try (DataDirectory data = open()) {
            assertEquals(0, data.view().load());
            assertTrue(Files.exists(dir.resolve(FileViewStore.FILE_NAME)), "a fresh directory gets a view file");
            data.view().save(3);
            data.log().append(new LogRecord(1, 3, new byte[] {42}));
            data.log().sync();
        }
        try (DataDirectory data = open()) {
            assertEquals(3, data.view().load());
            assertEquals(new LogRecord(1, 3, new byte[] {42}), data.log().get(1));
        }
    }

    @Test
    void missingViewFileWithALogRefusesToStart() throws IOException {
        try (DataDirectory data = open()) {
            data.view().save(2);
            data.log().append(new LogRecord(1, 2, new byte[0]));
            data.log().sync();
        }
        Path view = dir.resolve(FileViewStore.FILE_NAME);
        Files.delete(view);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains("view file " + view + " is missing"), e.getMessage());
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (DataDirectory data = open()) {
            StorageException e = assertThrows(StorageException.class, this::open);
            assertTrue(e.getMessage().contains("lock"), e.getMessage());
        }
        open().close();
    }

    @Test
    void logDiscardedBeyondTheNewestSnapshotRefusesToStart() throws IOException {
        try (DataDirectory data = open()) {
            try (SnapshotStore.Writer writer = data.snapshots().begin(new SnapshotStore.Meta(10, 1))) {
                writer.stream().write(new byte[] {1});
                writer.commit();
            }
            data.log().discardBefore(11);
            data.log().sync();
        }
        open().close();
        Files.delete(dir.resolve(DataDirectory.SNAPSHOT_DIR).resolve("snapshot-10"));
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains("entries 1..10 are missing"), e.getMessage());
    }

    @Test
    void chronicleBackendRoundTripsAndTheOtherBackendIsRefused() throws IOException {
        StorageOptions chronicle = StorageOptions.defaults().withBackend(LogBackend.CHRONICLE);
        try (DataDirectory data = DataDirectory.open(dir, chronicle)) {
            data.view().save(1);
            data.log().append(new LogRecord(1, 1, new byte[] {7}));
            data.log().sync();
        }
        try (DataDirectory data = DataDirectory.open(dir, chronicle)) {
            assertEquals(new LogRecord(1, 1, new byte[] {7}), data.log().get(1));
        }
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains("written by the other backend"), e.getMessage());
        Files.delete(dir.resolve(FileViewStore.FILE_NAME));
        e = assertThrows(StorageException.class, () -> DataDirectory.open(dir, chronicle));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    /** A crash at any point of the very first open must not leave a directory that refuses to start. */
    @Test
    void crashDuringTheFirstOpenNeverLeavesALogWithoutAView() {
        for (int crashAt = 0; crashAt < 30; crashAt++) {
            for (long seed = 0; seed < 5; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                CrashingDisk disk = new CrashingDisk();
                Path data = Path.of("/data");
                disk.crashAtOperation(crashAt, random);
                try {
                    DataDirectory.open(disk, data, StorageOptions.defaults());
                } catch (SimulatedCrash crash) {
                    // The first process died during open.
                }
                disk.crashAtOperation(Long.MAX_VALUE, random);
                disk.crash(random);
                String where = "crashAt=" + crashAt + " seed=" + seed;
                try (DataDirectory reopened = DataDirectory.open(disk, data, StorageOptions.defaults())) {
                    assertEquals(0, reopened.view().load(), where);
                    assertEquals(0, reopened.log().lastIndex(), where);
                } catch (StorageException e) {
                    throw new AssertionError(where + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
