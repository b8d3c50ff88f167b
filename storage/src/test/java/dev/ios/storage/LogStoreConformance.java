package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.testkit.Seeds;
import dev.ios.storage.disk.SimulatedCrash;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite every {@link LogStore} backend passes: seeded random sequences of appends
 * (in any index order, with overwrites), truncations, discards and syncs, checked against
 * {@link LogModel} as they run (every {@code get} and {@code records()} result, after every sync
 * and after a quarter of the other operations, so unsynced ones too); then a simulated crash, after which the recovered store must hold
 * exactly the model's state after some prefix of the operations that includes every one up to the
 * last completed sync. Several crash-and-recover rounds per seed, so recovery of a recovered store
 * is tested too. {@code -Dprop.seed=N} replays one seed; every failure message starts with it.
 */
abstract class LogStoreConformance {

    /** A backend under test, on storage that can crash. */
    interface Subject {
        /**
         * Opens the store, recovering whatever is on disk. The backend may arrange for a later
         * operation to throw {@link SimulatedCrash} (the process dies inside it).
         */
        LogStore open();

        /**
         * Simulates a crash of the process holding {@code store}, which is abandoned, not used
         * again; {@code diedInOperation} says an operation threw {@link SimulatedCrash} already.
         */
        void crash(LogStore store, boolean diedInOperation, SplittableRandom random);

        /** Called before each operation: a backend may move its clock (Chronicle rolls files by time). */
        default void beforeOperation(SplittableRandom random) {}

        /**
         * Runs the suite's comparisons of the store with the model (reads only). A backend whose
         * disk counts operations towards an armed crash leaves these out of the count, so that
         * crashes fall inside the operations under test, not inside the checking.
         */
        default <T> T observe(Supplier<T> reads) {
            return reads.get();
        }
    }

    /** A fresh, empty backend for one seed (parameters such as segment size may depend on it). */
    abstract Subject subject(long seed, SplittableRandom random);

    static LongStream seeds() {
        return Seeds.properties(300);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void recoveryAfterCrashHoldsADurablePrefix(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Subject subject = subject(seed, random);
        LogModel recovered = new LogModel();
        LogStore store = subject.open();
        int rounds = 2 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            String where = "seed=" + seed + " round=" + round;
            LogStore opened = store;
            LogModel atOpen = recovered;
            assertNull(subject.observe(() -> atOpen.differenceFrom(opened)), () -> where + ": state at open differs");
            List<LogModel.Op> ops = new ArrayList<>();
            int opsSynced = 0;
            LogModel live = recovered.copy();
            int count = 10 + random.nextInt(200);
            int syncPercent = 2 + random.nextInt(25);
            boolean crashed = false;
            for (int i = 0; i < count && !crashed; i++) {
                LogModel.Op op = randomOp(random, live, syncPercent);
                // Listed before it runs: a crash inside it may or may not have made it durable.
                ops.add(op);
                subject.beforeOperation(random);
                try {
                    LogModel.apply(op, store);
                } catch (SimulatedCrash crash) {
                    crashed = true;
                    continue;
                }
                live.apply(op);
                if (op instanceof LogModel.Sync) {
                    opsSynced = ops.size();
                }
                // Reads must see every operation issued, synced or not: after every sync, and
                // after a quarter of the others (appends, overwrites, truncations, discards).
                if (op instanceof LogModel.Sync || random.nextInt(4) == 0) {
                    int step = i;
                    LogStore current = store;
                    assertNull(subject.observe(() -> live.differenceFrom(current)),
                            () -> where + " op=" + step + " " + op + ": live state differs");
                }
            }
            if (!crashed) {
                LogStore current = store;
                assertNull(subject.observe(() -> live.differenceFrom(current)), () -> where + ": live state differs at the end");
            }
            subject.crash(store, crashed, random);
            store = subject.open();
            LogStore reopened = store;
            LogModel before = recovered;
            int synced = opsSynced;
            recovered = subject.observe(() -> matchPrefix(where, reopened, before, ops, synced));
        }
        try {
            store.close();
        } catch (SimulatedCrash crash) {
            // The crash armed for the last round fell into close(); the test is over anyway.
        }
    }

    /** The model after the shortest prefix of {@code ops} (at least {@code opsSynced}) that {@code store} holds. */
    private static LogModel matchPrefix(String where, LogStore store, LogModel start, List<LogModel.Op> ops, int opsSynced) {
        LogModel model = start.copy();
        for (int i = 0; i < opsSynced; i++) {
            model.apply(ops.get(i));
        }
        String firstDifference = model.differenceFrom(store);
        if (firstDifference == null) {
            return model;
        }
        for (int i = opsSynced; i < ops.size(); i++) {
            model.apply(ops.get(i));
            if (model.differenceFrom(store) == null) {
                return model;
            }
        }
        int from = Math.max(0, opsSynced - 10);
        return fail(where + ": recovered state is no prefix of the " + ops.size() + " operations that includes the "
                + opsSynced + " synced ones; against the synced prefix: " + firstDifference
                + "\nops " + from + "..: " + ops.subList(from, ops.size()));
    }

    private static LogModel.Op randomOp(SplittableRandom random, LogModel live, int syncPercent) {
        int roll = random.nextInt(100);
        long first = live.discardedBefore;
        long last = live.lastIndex();
        if (roll < 62) {
            // Near the end, with gaps and overwrites: delegated replication writes in any order.
            long index = first + random.nextLong(Math.max(1, last - first + 6));
            int payloadBytes = random.nextInt(8) == 0 ? random.nextInt(700) : random.nextInt(40);
            byte[] payload = new byte[payloadBytes];
            random.nextBytes(payload);
            return new LogModel.Append(new LogRecord(index, random.nextInt(6), payload));
        }
        if (roll < 62 + syncPercent) {
            return new LogModel.Sync();
        }
        if (roll < 62 + syncPercent + (100 - 62 - syncPercent) / 2) {
            long from = Math.max(1, first - 2 + random.nextLong(Math.max(1, last - first + 5)));
            return new LogModel.TruncateFrom(from);
        }
        long before = Math.max(1, first - 1 + random.nextLong(Math.max(1, last - first + 4)));
        return new LogModel.DiscardBefore(before);
    }
}
