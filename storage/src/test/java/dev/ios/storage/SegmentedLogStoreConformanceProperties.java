package dev.ios.storage;

import dev.ios.consensus.storage.LogStore;
import dev.ios.storage.disk.CrashingDisk;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Runs the {@link LogStoreConformance} suite against {@link SegmentedLogStore} on a
 * {@link CrashingDisk}, with small segments (so rolls and deletions happen every few operations),
 * small write buffers (so unsynced records reach the disk and get torn) and each durable persistence mode.
 */
class SegmentedLogStoreConformanceProperties extends LogStoreConformance {

    private static final PersistenceMode[] MODES = {PersistenceMode.FSYNC, PersistenceMode.DSYNC, PersistenceMode.OSYNC};

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
                LogStore store = SegmentedLogStore.open(disk, dir, mode, segmentBytesMax, writeBufferBytes);
                if (random.nextBoolean()) {
                    // Die inside some later disk operation, possibly mid-write.
                    disk.crashAtOperation(random.nextInt(400), random);
                }
                return store;
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
