package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.consensus.testkit.Seeds;
import dev.ios.storage.disk.CrashingDisk;
import dev.ios.storage.disk.SimulatedCrash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three parts of a data directory crash together: a seeded replica-like workload (promise a
 * higher view, append and sync, snapshot then discard the log below it) dies inside a random disk
 * operation, again and again; every restart must open without refusing, keep every view and log
 * entry it acknowledged, and have a snapshot for everything the log discarded.
 */
class DataDirectoryCrashProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    private static byte[] payload(long index) {
        return new byte[] {(byte) index, (byte) (index >> 8), 42};
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void restartsAfterCrashesKeepWhatWasAcknowledged(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        CrashingDisk disk = new CrashingDisk();
        Path dir = Path.of("/data");
        StorageOptions options = StorageOptions.defaults().withSegmentBytesMax(4096);
        long viewAcknowledged = 0;
        long indexAcknowledged = 0;
        long snapshotAcknowledged = 0;
        for (int life = 0; life < 6; life++) {
            String where = "seed=" + seed + " life=" + life;
            DataDirectory data;
            try {
                data = DataDirectory.open(disk, dir, options);
            } catch (StorageException e) {
                throw new AssertionError(where + ": refused to start: " + e.getMessage(), e);
            }
            long view = data.view().load();
            assertTrue(view >= viewAcknowledged, where + ": view " + view + " < acknowledged " + viewAcknowledged);
            long snapshot = data.snapshots().latest().map(SnapshotStore.Meta::index).orElse(0L);
            assertTrue(snapshot >= snapshotAcknowledged, where + ": snapshot " + snapshot + " < " + snapshotAcknowledged);
            for (long i = Math.max(data.log().discardedBefore(), 1); i <= indexAcknowledged; i++) {
                LogRecord record = data.log().get(i);
                assertTrue(record != null, where + ": acknowledged index " + i + " lost");
                assertArrayEquals(payload(i), record.payload(), where + ": index " + i);
            }
            if (snapshot > 0) {
                try (InputStream in = data.snapshots().open(data.snapshots().latest().orElseThrow())) {
                    assertEquals(8, in.readAllBytes().length, where + ": snapshot readable");
                }
            }
            // The next life: a workload that dies inside some disk operation.
            disk.crashAtOperation(random.nextInt(300), random);
            try {
                long next = Math.max(data.log().lastIndex(), indexAcknowledged) + 1;
                for (int step = 0; step < 200; step++) {
                    int roll = random.nextInt(10);
                    if (roll == 0) {
                        data.view().save(view + 1);
                        view++;
                        viewAcknowledged = view;
                    } else if (roll == 1 && next > 1) {
                        // Replica order: the snapshot is durable before the log below it goes.
                        long covered = next - 1;
                        try (SnapshotStore.Writer writer = data.snapshots().begin(new SnapshotStore.Meta(covered, view))) {
                            writer.stream().write(new byte[8]);
                            writer.commit();
                        }
                        snapshotAcknowledged = covered;
                        data.log().discardBefore(covered + 1);
                    } else {
                        data.log().append(new LogRecord(next, view, payload(next)));
                        next++;
                        if (random.nextInt(3) == 0) {
                            data.log().sync();
                            indexAcknowledged = next - 1;
                        }
                    }
                }
                data.log().sync();
                indexAcknowledged = next - 1;
                data.close();
            } catch (SimulatedCrash crash) {
                // The process died; the next life recovers.
            }
            disk.crashAtOperation(Long.MAX_VALUE, random);
            disk.crash(random);
        }
    }
}
