package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.CrashingDisk;
import dev.ios.storage.disk.RealDisk;
import dev.ios.storage.disk.SimulatedCrash;
import dev.ios.storage.disk.SyncCountingDisk;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots stream in and out, keep the newest two, are atomic under crashes and checked on read. */
class FileSnapshotStoreTest {

    @TempDir
    Path dir;

    private static byte[] state(long seed, int bytes) {
        byte[] state = new byte[bytes];
        new SplittableRandom(seed).nextBytes(state);
        return state;
    }

    private static void write(SnapshotStore store, SnapshotStore.Meta meta, byte[] state) throws IOException {
        try (SnapshotStore.Writer writer = store.begin(meta)) {
            OutputStream out = writer.stream();
            // Odd chunk sizes cross the writer's buffer boundaries.
            for (int at = 0; at < state.length; at += 7_777) {
                out.write(state, at, Math.min(7_777, state.length - at));
            }
            writer.commit();
        }
    }

    private static byte[] read(SnapshotStore store, SnapshotStore.Meta meta) throws IOException {
        try (InputStream in = store.open(meta)) {
            return in.readAllBytes();
        }
    }

    @Test
    void streamsALargeStateInAndOut() throws IOException {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        assertEquals(Optional.empty(), store.latest());
        byte[] state = state(1, 3_000_001);
        SnapshotStore.Meta meta = new SnapshotStore.Meta(100, 3);
        write(store, meta, state);
        FileSnapshotStore reopened = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        assertEquals(Optional.of(meta), reopened.latest());
        assertArrayEquals(state, read(reopened, meta));
        assertTrue(Files.exists(dir.resolve("snapshot-100")));
    }

    @Test
    void aDurableWriterSyncsAsItWritesSoNoSyncFlushesTheWholeState() throws IOException {
        long every = 256 << 10;
        SyncCountingDisk disk = new SyncCountingDisk(RealDisk.INSTANCE);
        FileSnapshotStore store = FileSnapshotStore.open(disk, dir, PersistenceMode.FSYNC, every);
        byte[] state = state(2, 3_000_001);
        SnapshotStore.Meta meta = new SnapshotStore.Meta(7, 1);
        write(store, meta, state);
        List<SyncCountingDisk.Force> snapshotForces = disk.forces().stream()
                .filter(f -> f.path().getFileName().toString().endsWith(SnapshotFormat.TMP_SUFFIX)).toList();
        assertTrue(snapshotForces.size() >= state.length / every, snapshotForces.toString());
        // A sync flushes at most one interval plus the writer's buffer (64 KiB) and the trailer.
        long most = snapshotForces.stream().mapToLong(SyncCountingDisk.Force::unsyncedBytes).max().orElseThrow();
        assertTrue(most <= every + (64 << 10) + SnapshotFormat.HEADER_BYTES + 64, "a sync flushed " + most + " bytes");
        assertArrayEquals(state, read(FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC), meta));
    }

    @Test
    void aWriterWithoutDurabilityNeverSyncs() throws IOException {
        SyncCountingDisk disk = new SyncCountingDisk(RealDisk.INSTANCE);
        FileSnapshotStore store = FileSnapshotStore.open(disk, dir, PersistenceMode.NONE, 256 << 10);
        write(store, new SnapshotStore.Meta(7, 1), state(3, 1_000_000));
        assertEquals(List.of(), disk.forces());
    }

    @Test
    void keepsTheNewestTwo() throws IOException {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        for (long index = 10; index <= 40; index += 10) {
            write(store, new SnapshotStore.Meta(index, 1), state(index, 100));
        }
        assertEquals(List.of(new SnapshotStore.Meta(40, 1), new SnapshotStore.Meta(30, 1)), store.all());
        assertFalse(Files.exists(dir.resolve("snapshot-20")));
        assertFalse(Files.exists(dir.resolve("snapshot-10")));
        assertArrayEquals(state(30, 100), read(store, new SnapshotStore.Meta(30, 1)));
    }

    @Test
    void abandonedWriterLeavesNothing() throws IOException {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        try (SnapshotStore.Writer writer = store.begin(new SnapshotStore.Meta(5, 1))) {
            writer.stream().write(new byte[] {1, 2, 3});
        }
        assertEquals(Optional.empty(), store.latest());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void corruptNewestFallsBackToTheOlderOne() throws IOException {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        write(store, new SnapshotStore.Meta(10, 1), state(10, 5000));
        write(store, new SnapshotStore.Meta(20, 1), state(20, 5000));
        Path newest = dir.resolve("snapshot-20");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[2000] ^= 1;
        Files.write(newest, bytes);
        FileSnapshotStore reopened = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        assertEquals(Optional.of(new SnapshotStore.Meta(10, 1)), reopened.latest());
    }

    @Test
    void readingDetectsDamageDoneAfterOpen() throws IOException {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        SnapshotStore.Meta meta = new SnapshotStore.Meta(10, 1);
        write(store, meta, state(10, 5000));
        Path file = dir.resolve("snapshot-10");
        byte[] bytes = Files.readAllBytes(file);
        bytes[100] ^= 1;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> read(store, meta));
        assertTrue(e.getMessage().contains(file + " is corrupt"), e.getMessage());
    }

    @Test
    void garbageAndTempFilesAreHandled() throws IOException {
        Files.write(dir.resolve("snapshot-7.tmp"), new byte[] {1});
        Files.write(dir.resolve("README"), new byte[] {1});
        Files.write(dir.resolve("snapshot-9"), new byte[] {1, 2, 3});
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        assertEquals(Optional.empty(), store.latest());
        assertFalse(Files.exists(dir.resolve("snapshot-7.tmp")), "an uncommitted snapshot is deleted");
        assertTrue(Files.exists(dir.resolve("README")), "foreign files are left alone");
    }

    /** A crash inside any disk operation of a commit leaves the old snapshot or the new one, whole. */
    @Test
    void crashDuringCommitLeavesOldOrNewSnapshot() throws IOException {
        for (int crashAt = 0; crashAt < 16; crashAt++) {
            for (long seed = 0; seed < 10; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                CrashingDisk disk = new CrashingDisk();
                Path snapshots = Path.of("/data/snapshots");
                FileSnapshotStore store = FileSnapshotStore.open(disk, snapshots, PersistenceMode.FSYNC);
                SnapshotStore.Meta old = new SnapshotStore.Meta(10, 1);
                SnapshotStore.Meta fresh = new SnapshotStore.Meta(20, 2);
                write(store, old, state(10, 200_000));
                disk.crashAtOperation(crashAt, random);
                boolean returned;
                try {
                    write(store, fresh, state(20, 200_000));
                    returned = true;
                } catch (SimulatedCrash crash) {
                    returned = false;
                }
                disk.crash(random);
                FileSnapshotStore reopened = FileSnapshotStore.open(disk, snapshots, PersistenceMode.FSYNC);
                String where = "crashAt=" + crashAt + " seed=" + seed;
                SnapshotStore.Meta latest = reopened.latest().orElseThrow(() -> new AssertionError(where + ": no snapshot"));
                if (returned) {
                    assertEquals(fresh, latest, where);
                }
                assertArrayEquals(state(latest.index(), 200_000), read(reopened, latest), where);
            }
        }
    }

    @Test
    void failedCommitThrowsAndKeepsTheOldSnapshot() throws IOException {
        CrashingDisk disk = new CrashingDisk();
        Path snapshots = Path.of("/data/snapshots");
        FileSnapshotStore store = FileSnapshotStore.open(disk, snapshots, PersistenceMode.FSYNC);
        SnapshotStore.Meta old = new SnapshotStore.Meta(10, 1);
        write(store, old, state(10, 1000));
        SnapshotStore.Writer writer = store.begin(new SnapshotStore.Meta(20, 1));
        writer.stream().write(state(20, 1000));
        disk.failAfter(1); // the buffered payload is written, then the disk is full
        StorageException e = assertThrows(StorageException.class, writer::commit);
        assertTrue(e.getMessage().contains("cannot commit snapshot " + snapshots.resolve("snapshot-20")), e.getMessage());
        assertEquals(Optional.of(old), store.latest(), "a failed commit is not visible");
        disk.heal();
        writer.close();
        assertEquals(Optional.of(old), FileSnapshotStore.open(disk, snapshots, PersistenceMode.FSYNC).latest());
    }

    @Test
    void writersOfDifferentThreadsInterleaveAndAnOlderCommitNeverHidesANewerSnapshot() throws Exception {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        SnapshotStore.Meta taken = new SnapshotStore.Meta(40, 2);
        SnapshotStore.Meta received = new SnapshotStore.Meta(90, 3);
        byte[] takenState = state(5, 200_000);
        byte[] receivedState = state(6, 150_000);
        // The runtime's snapshot thread starts its own snapshot; a peer's newer one is written and
        // committed on another thread before the first one commits.
        SnapshotStore.Writer slow = store.begin(taken);
        slow.stream().write(takenState, 0, 100_000);
        Thread other = new Thread(() -> {
            try {
                write(store, received, receivedState);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        other.start();
        other.join();
        slow.stream().write(takenState, 100_000, 100_000);
        slow.commit();
        slow.close();

        assertEquals(Optional.of(received), store.latest(), "the newer snapshot stays the latest");
        assertEquals(List.of(received, taken), store.all());
        assertArrayEquals(receivedState, read(store, received));
        assertArrayEquals(takenState, read(store, taken));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("snapshot-40", "snapshot-90"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temp file is left");
        }
    }

    @Test
    void twoWritersOfTheSameIndexNeverShareATempFile() throws IOException {
        FileSnapshotStore store = FileSnapshotStore.open(RealDisk.INSTANCE, dir, PersistenceMode.FSYNC);
        SnapshotStore.Meta meta = new SnapshotStore.Meta(7, 1);
        byte[] state = state(8, 50_000);
        SnapshotStore.Writer first = store.begin(meta);
        SnapshotStore.Writer second = store.begin(meta);
        first.stream().write(state);
        second.stream().write(state);
        first.close(); // abandoned: deletes only its own temp file
        second.commit();
        second.close();
        assertArrayEquals(state, read(store, meta));
    }
}
