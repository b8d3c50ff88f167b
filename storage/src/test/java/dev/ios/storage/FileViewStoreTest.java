package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.CrashingDisk;
import dev.ios.storage.disk.RealDisk;
import dev.ios.storage.disk.SimulatedCrash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view file survives restarts, is never torn by a crash, and names itself when corrupt. */
class FileViewStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedViewIsLoadedAfterReopen() {
        FileViewStore store = FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        assertEquals(0, store.load());
        assertFalse(store.exists());
        store.save(7);
        store.save(9);
        assertEquals(9, FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC).load());
    }

    @Test
    void savingALowerViewIsAProgrammerError() {
        FileViewStore store = FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        store.save(5);
        assertThrows(IllegalArgumentException.class, () -> store.save(4));
    }

    @Test
    void flippedByteRefusesWithFileAndOffset() throws IOException {
        FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC).save(3);
        Path file = dir.resolve(FileViewStore.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[10] ^= 1;
        Files.write(file, bytes);
        StorageException e = assertThrows(StorageException.class,
                () -> FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC));
        assertTrue(e.getMessage().contains(file + " is corrupt at offset 16: checksum mismatch"), e.getMessage());
    }

    @Test
    void wrongSizeRefusesWithFileAndOffset() throws IOException {
        Files.write(dir.resolve(FileViewStore.FILE_NAME), new byte[3]);
        StorageException e = assertThrows(StorageException.class,
                () -> FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC));
        assertTrue(e.getMessage().contains("corrupt at offset 0"), e.getMessage());
    }

    @Test
    void leftoverTempFileIsDeleted() throws IOException {
        FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC).save(2);
        Files.write(dir.resolve("view.tmp"), new byte[] {1, 2});
        assertEquals(2, FileViewStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC).load());
        assertFalse(Files.exists(dir.resolve("view.tmp")));
    }

    /** A crash inside any disk operation of a save leaves the old or the new view, and the new one once save returned. */
    @Test
    void crashAtEveryPointOfASaveLeavesOldOrNewView() throws IOException {
        for (int crashAt = 0; crashAt < 12; crashAt++) {
            for (long seed = 0; seed < 20; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                CrashingDisk disk = new CrashingDisk();
                Path data = Path.of("/data");
                disk.createDirectories(data);
                FileViewStore.open(disk, data, PersistenceMode.FSYNC).save(4);
                FileViewStore store = FileViewStore.open(disk, data, PersistenceMode.FSYNC);
                disk.crashAtOperation(crashAt, random);
                boolean returned;
                try {
                    store.save(5);
                    returned = true;
                } catch (SimulatedCrash crash) {
                    returned = false;
                }
                disk.crash(random);
                long view = FileViewStore.open(disk, data, PersistenceMode.FSYNC).load();
                String where = "crashAt=" + crashAt + " seed=" + seed;
                if (returned) {
                    assertEquals(5, view, where);
                } else {
                    assertTrue(view == 4 || view == 5, where + " view=" + view);
                }
            }
        }
    }

    @Test
    void failedSaveThrowsNamingTheFileAndKeepsTheOldView() throws IOException {
        CrashingDisk disk = new CrashingDisk();
        Path data = Path.of("/data");
        disk.createDirectories(data);
        FileViewStore store = FileViewStore.open(disk, data, PersistenceMode.FSYNC);
        store.save(4);
        disk.failAfter(2); // the temp file opens and is truncated, then the disk is full
        StorageException e = assertThrows(StorageException.class, () -> store.save(5));
        assertTrue(e.getMessage().contains("cannot save view 5 to " + data.resolve("view")), e.getMessage());
        assertEquals(4, store.load(), "a failed save is not acknowledged");
        disk.heal();
        assertEquals(4, FileViewStore.open(disk, data, PersistenceMode.FSYNC).load());
    }
}
