package dev.ios.storage;

import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.testkit.Seeds;
import net.openhft.chronicle.core.time.SetTimeProvider;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link LogStoreConformance} suite against {@link ChronicleLogStore} on the real file
 * system. Chronicle writes through memory-mapped files that no test layer can intercept, so the
 * "crash" here is a process-level one: the queue is closed without a sync and reopened, which
 * keeps everything written (as a kill -9 does). This checks replay (overwrites in any order,
 * logical truncation, discards, daily cycle files rolled by a test clock and deleted below the
 * discard point) across restarts, not power-loss durability.
 */
class ChronicleLogStoreConformanceProperties extends LogStoreConformance {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

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
        SetTimeProvider clock = new SetTimeProvider(START_MILLIS * 1_000_000L);
        return new Subject() {
            @Override
            public LogStore open() {
                return ChronicleLogStore.open(dir, mode, clock);
            }

            @Override
            public void beforeOperation(SplittableRandom operationRandom) {
                if (operationRandom.nextInt(25) == 0) {
                    // A new day: the next write starts a new cycle file, and discards delete old ones.
                    clock.advanceMillis(DAY_MILLIS);
                }
            }

            @Override
            public void crash(LogStore store, boolean diedInOperation, SplittableRandom crashRandom) {
                store.close();
            }
        };
    }
}
