package dev.ios.storage;

import dev.ios.consensus.storage.LogStore;
import dev.ios.storage.disk.CrashingDisk;
import dev.ios.storage.disk.SimulatedCrash;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Runs the {@link LogStoreConformance} suite against {@link SegmentedLogStore} on a
 * {@link CrashingDisk}, with small segments (so rolls and deletions happen every few operations),
 * small write buffers (so unsynced records reach the disk and get torn), crashes inside operations
 * and inside recovery itself, and each durable persistence mode.
 */
class SegmentedLogStoreConformanceProperties extends LogStoreConformance {

    private static final PersistenceMode[] MODES = {
        PersistenceMode.FSYNC, PersistenceMode.DSYNC, PersistenceMode.OSYNC, PersistenceMode.DIRECT};

    @Override
    Subject subject(long seed, SplittableRandom random) {
        CrashingDisk disk = new CrashingDisk();
        Path dir = Path.of("/data/log");
        long segmentBytesMax = 128 + random.nextInt(4096);
        PersistenceMode mode = MODES[random.nextInt(MODES.length)];
        // Small write buffers make unsynced records reach the (fake) OS, where a crash can tear them.
        int writeBufferBytes = random.nextBoolean() ? 64 + random.nextInt(512) : SegmentedLogStore.WRITE_BUFFER_BYTES_DEFAULT;
        return new Subject() {
            @Override
            public LogStore open() {
                if (random.nextInt(4) == 0) {
                    // Die during recovery itself (while cutting a torn tail, deleting a torn
                    // segment, creating the first one): recovering again must still work.
                    disk.crashAtOperation(random.nextInt(12), random);
                    try {
                        SegmentedLogStore.open(disk, dir, mode, segmentBytesMax, writeBufferBytes);
                    } catch (SimulatedCrash crash) {
                        // The process died inside open; below, the next process recovers.
                    }
                    disk.crashAtOperation(Long.MAX_VALUE, random);
                    disk.crash(random);
                }
                LogStore store = SegmentedLogStore.open(disk, dir, mode, segmentBytesMax, writeBufferBytes);
                if (random.nextBoolean()) {
                    // Die inside some later disk operation, possibly mid-write.
                    disk.crashAtOperation(random.nextInt(400), random);
                }
                return store;
            }

            @Override
            public <T> T observe(Supplier<T> reads) {
                return disk.observe(reads);
            }

            @Override
            public void crash(LogStore store, boolean diedInOperation, SplittableRandom crashRandom) {
                disk.crashAtOperation(Long.MAX_VALUE, crashRandom);
                if (!diedInOperation && crashRandom.nextInt(4) == 0) {
                    // A clean close hands buffered writes to the OS; the crash may still lose them.
                    store.close();
                }
                disk.crash(crashRandom);
            }
        };
    }
}
