package dev.ios.storage;

import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.testkit.Seeds;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link LogStoreConformance} suite against {@link ChronicleLogStore} on the real file
 * system. Chronicle writes through memory-mapped files that no test layer can intercept, so the
 * "crash" here is a process-level one: the queue is closed without a sync and reopened, which
 * keeps everything written (as a kill -9 does). This checks replay (overwrites in any order,
 * logical truncation, discards) across restarts, not power-loss durability.
 */
class ChronicleLogStoreConformanceProperties extends LogStoreConformance {

    @TempDir
    Path dir;

    /** Fewer seeds than the segmented run: each Chronicle open maps files and takes tens of milliseconds. */
    static LongStream seeds() {
        return Seeds.properties(100);
    }

    @Override
    Subject subject(long seed, SplittableRandom random) {
        // msync per sync is slow on a shared disk; most seeds use none, which replays the same way.
        PersistenceMode mode = random.nextInt(10) == 0 ? PersistenceMode.FSYNC : PersistenceMode.NONE;
        return new Subject() {
            @Override
            public LogStore open() {
                return ChronicleLogStore.open(dir, mode);
            }

            @Override
            public void crash(LogStore store, boolean diedInOperation, SplittableRandom crashRandom) {
                store.close();
            }
        };
    }
}
