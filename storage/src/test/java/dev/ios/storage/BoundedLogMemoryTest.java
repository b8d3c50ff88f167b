package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.testkit.Seeds;
import dev.ios.storage.disk.RealDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Neither log keeps more in memory, nor (segmented) more files on disk, as it moves on: 300,000
 * appends of 100 bytes, out of order within a window as delegated coordinators write them, a sync
 * every group and a discard point that follows a snapshot every {@link #SNAPSHOT_INTERVAL} indices
 * (as the replica's {@code DiscardBefore} does). The records held, the ring's slots and the segment
 * files must stay below bounds that depend on the interval, never on the number of appends.
 * Replay one seed with {@code -Dprop.seed=<seed>}.
 */
class BoundedLogMemoryTest {

    static final int APPENDS = 300_000;
    static final int SNAPSHOT_INTERVAL = 1_000;
    static final int SNAPSHOT_TAIL = 100;
    static final int WINDOW = 16;
    static final int GROUP = 64;
    static final int PAYLOAD_BYTES = 100;
    static final long SEGMENT_BYTES_MAX = 64 << 10;

    @TempDir
    Path dir;

    static LongStream seeds() {
        return Seeds.properties(2);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void segmentedKeepsRecordsRingAndSegmentsBounded(long seed) throws IOException {
        Path logDir = dir.resolve("log");
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, logDir, PersistenceMode.NONE,
                SEGMENT_BYTES_MAX)) {
            Maxima max = drive(store, seed, store::ringCapacity, () -> countFiles(logDir));
            // What a discard leaves: the interval, the tail, a window and a group not yet discarded.
            int heldMax = SNAPSHOT_INTERVAL + SNAPSHOT_TAIL + WINDOW + GROUP;
            long segmentsMax = (long) heldMax * SegmentFormat.recordBytes(PAYLOAD_BYTES) / SEGMENT_BYTES_MAX + 3;
            assertTrue(max.records <= heldMax, () -> "seed=" + seed + " " + max + ": records above " + heldMax);
            assertTrue(max.ring <= Integer.highestOneBit(heldMax) * 2, () -> "seed=" + seed + " " + max + ": ring grew");
            assertTrue(max.files <= segmentsMax, () -> "seed=" + seed + " " + max + ": segments above " + segmentsMax);
            System.out.println("BoundedLogMemoryTest segmented seed=" + seed + " " + max + " segmentsMax=" + segmentsMax);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void chronicleKeepsRecordsAndRingBounded(long seed) {
        // Cycle files roll daily: with a clock that never moves, one file holds everything, so only
        // memory is bounded here (cycle-file deletion has its own test in ChronicleLogStoreTest).
        SetTimeProvider clock = new SetTimeProvider(1_767_225_600_000L * 1_000_000L);
        try (ChronicleLogStore store = ChronicleLogStore.open(dir.resolve("chronicle"), PersistenceMode.NONE, clock)) {
            Maxima max = drive(store, seed, store::ringCapacity, () -> 0);
            int heldMax = SNAPSHOT_INTERVAL + SNAPSHOT_TAIL + WINDOW + GROUP;
            assertTrue(max.records <= heldMax, () -> "seed=" + seed + " " + max + ": records above " + heldMax);
            assertTrue(max.ring <= Integer.highestOneBit(heldMax) * 2, () -> "seed=" + seed + " " + max + ": ring grew");
            System.out.println("BoundedLogMemoryTest chronicle seed=" + seed + " " + max);
        }
    }

    /** The largest sizes seen, each measured right before a discard (when the log holds the most). */
    record Maxima(int records, int ring, long files) {}

    private static Maxima drive(LogStore store, long seed, java.util.function.IntSupplier ring,
            java.util.function.LongSupplier files) {
        SplittableRandom random = new SplittableRandom(seed);
        int records = 0;
        int ringMax = 0;
        long filesMax = 0;
        long[] window = new long[WINDOW];
        for (long first = 1; first <= APPENDS; first += WINDOW) {
            // A window of indices written in a random order, as delegated coordinators do.
            for (int k = 0; k < WINDOW; k++) {
                window[k] = first + k;
            }
            for (int k = WINDOW - 1; k > 0; k--) {
                int other = random.nextInt(k + 1);
                long swap = window[k];
                window[k] = window[other];
                window[other] = swap;
            }
            for (long index : window) {
                store.append(new LogRecord(index, 1, new byte[PAYLOAD_BYTES]));
                if (index % GROUP == 0) {
                    store.sync();
                }
                if (index % SNAPSHOT_INTERVAL == 0) {
                    records = Math.max(records, store.records().size());
                    ringMax = Math.max(ringMax, ring.getAsInt());
                    filesMax = Math.max(filesMax, files.getAsLong());
                    store.discardBefore(index + 1 - SNAPSHOT_TAIL);
                    store.sync();
                }
            }
        }
        return new Maxima(records, ringMax, filesMax);
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
