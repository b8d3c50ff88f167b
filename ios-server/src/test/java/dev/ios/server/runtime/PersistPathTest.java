package dev.ios.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.replica.PersistOp;
import dev.ios.consensus.replica.Replica;
import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.consensus.storage.ViewStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where persist ops are made durable: a small batch at light load on the calling (replica) thread,
 * published only once synced there; everything else on the storage worker; never a write on the
 * caller while the worker still has ops of its own to make durable, nor a batch for the worker
 * while ops written on the caller await their sync (the log has one writer at a time, in order).
 */
class PersistPathTest {

    private static final String WORKER = "test-storage";

    /** A log that remembers what was appended, by which thread, what each sync covered, and overlaps. */
    private static final class RecordingLog implements LogStore {
        final List<Long> appended = new CopyOnWriteArrayList<>();
        final List<String> appendThreads = new CopyOnWriteArrayList<>();
        final AtomicLong syncedThrough = new AtomicLong();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        volatile CountDownLatch syncGate = new CountDownLatch(0);
        volatile boolean failSync;

        private void enter() {
            if (inside.incrementAndGet() > 1) {
                overlapped.set(true);
            }
        }

        @Override
        public void append(LogRecord record) {
            enter();
            appended.add(record.index());
            appendThreads.add(Thread.currentThread().getName());
            inside.decrementAndGet();
        }

        @Override
        public void sync() {
            enter();
            try {
                syncGate.await(20, TimeUnit.SECONDS);
                if (failSync) {
                    throw new StorageException("fsync failed: injected");
                }
                syncedThrough.set(appended.isEmpty() ? 0 : appended.get(appended.size() - 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public void truncateFrom(long fromIndex) {}

        @Override
        public void discardBefore(long beforeIndex) {}

        @Override
        public long discardedBefore() {
            return 1;
        }

        @Override
        public long lastIndex() {
            return appended.isEmpty() ? 0 : appended.get(appended.size() - 1);
        }

        @Override
        public LogRecord get(long index) {
            return null;
        }

        @Override
        public List<LogRecord> records() {
            return List.of();
        }

        @Override
        public void close() {}
    }

    private static final ViewStore NO_VIEWS = new ViewStore() {
        @Override
        public long load() {
            return 0;
        }

        @Override
        public void save(long view) {}
    };

    private final RecordingLog log = new RecordingLog();
    private final AtomicLong durable = new AtomicLong();
    private final StorageWorker worker = new StorageWorker(WORKER, log, NO_VIEWS,
            seq -> durable.accumulateAndGet(seq, Math::max), ns -> { }, e -> { });
    private final AtomicBoolean light = new AtomicBoolean(true);
    private long seq;

    @AfterEach
    void stopWorker() {
        log.syncGate.countDown();
        worker.close();
        assertFalse(log.overlapped.get(), "two threads were inside the log at once");
    }

    /** One append of {@code bytes} payload bytes at index {@code index}. */
    private List<PersistOp> append(long index, int bytes) {
        return List.of(new PersistOp.Append(++seq, new LogRecord(index, 1, new byte[bytes])));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private PersistPath path(boolean enabled) {
        worker.start();
        return new PersistPath(worker, enabled, light::get, durable);
    }

    private boolean allByWorker() {
        return log.appendThreads.stream().allMatch(WORKER::equals);
    }

    private static String here() {
        return Thread.currentThread().getName();
    }

    @Test
    void aFollowerThatOnlyAcceptsMayAlwaysWaitOtherServersOnlyWhenNothingElseIsInFlight() {
        for (Replica.Role role : Replica.Role.values()) {
            for (boolean acceptsOnly : new boolean[] {true, false}) {
                boolean acceptingFollower = acceptsOnly && role == Replica.Role.FOLLOWER;
                String who = role + (acceptsOnly ? " without delegation" : " with delegation");
                assertTrue(PersistPath.loopMayWait(acceptsOnly, role, 0, 0), who + ", idle");
                assertTrue(PersistPath.loopMayWait(acceptsOnly, role, 1, 0), who + ", one entry in flight");
                assertEquals(acceptingFollower, PersistPath.loopMayWait(acceptsOnly, role, 2, 0), who + ", two entries");
                assertEquals(acceptingFollower, PersistPath.loopMayWait(acceptsOnly, role, 64, 0), who + ", a full window");
                assertEquals(acceptingFollower, PersistPath.loopMayWait(acceptsOnly, role, 1, 1), who + ", a request queued");
            }
        }
    }

    @Test
    void turnedOffEverythingGoesToTheWorker() throws Exception {
        PersistPath path = path(false);
        for (long i = 1; i <= 5; i++) {
            path.add(append(i, 10));
            assertFalse(path.dispatch(), "nothing is left for the loop to sync");
        }
        await(() -> durable.get() == 5, "all five durable");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.appended);
        assertTrue(allByWorker(), log.appendThreads.toString());
    }

    @Test
    void atLightLoadABatchIsWrittenHereAndPublishedOnlyOnceSyncedHere() {
        PersistPath path = path(true);
        path.add(append(1, 50));
        assertTrue(path.dispatch(), "written here, awaiting a sync here");
        assertEquals(List.of(here()), log.appendThreads);
        assertEquals(0, durable.get(), "written, not yet durable");
        assertEquals(0, log.syncedThrough.get());

        path.syncOnLoop();
        assertEquals(1, log.syncedThrough.get(), "synced before being published");
        assertEquals(1, durable.get());
        assertFalse(path.dispatch(), "nothing left to sync");
    }

    @Test
    void underLoadABatchGoesToTheWorkerAndComesBackWhenTheLoadDoes() throws Exception {
        PersistPath path = path(true);
        light.set(false);
        path.add(append(1, 10));
        assertFalse(path.dispatch(), "to the worker: other entries are in flight");
        await(() -> durable.get() == 1, "the first durable through the worker");
        assertEquals(List.of(WORKER), log.appendThreads);

        light.set(true);
        path.add(append(2, 10));
        assertTrue(path.dispatch(), "at light load the loop syncs again");
        assertEquals(here(), log.appendThreads.get(1));
        path.syncOnLoop();
        assertEquals(2, durable.get());
    }

    @Test
    void aLargeBatchGoesToTheWorkerEvenAtLightLoad() throws Exception {
        PersistPath path = path(true);
        int half = (int) (PersistPath.LOOP_BATCH_BYTES_MAX / 2);
        path.add(append(1, half));
        path.add(append(2, half + 1)); // one batch one byte over the limit
        assertFalse(path.dispatch());
        await(() -> durable.get() == 2, "both durable");
        assertTrue(allByWorker(), log.appendThreads.toString());
    }

    @Test
    void nothingIsWrittenHereWhileTheWorkerHasOpsOutstanding() throws Exception {
        PersistPath path = path(true);
        log.syncGate = new CountDownLatch(1); // the worker's next sync blocks
        light.set(false);
        path.add(append(1, 10));
        assertFalse(path.dispatch(), "under load: to the worker");
        await(() -> log.appended.size() == 1, "the worker to write it");
        light.set(true);
        path.add(append(2, 10)); // light now, but the worker's op is not durable yet
        assertFalse(path.dispatch());
        log.syncGate.countDown();
        await(() -> durable.get() == 2, "all durable");
        assertEquals(List.of(1L, 2L), log.appended);
        assertTrue(allByWorker(), log.appendThreads.toString());
        assertEquals(2, log.syncedThrough.get());
    }

    @Test
    void whileOpsWrittenHereAwaitTheirSyncTheNextBatchJoinsThemEvenUnderLoad() {
        PersistPath path = path(true);
        path.add(append(1, 10));
        assertTrue(path.dispatch());
        light.set(false);
        path.add(append(2, 10));
        assertTrue(path.dispatch(), "the worker gets nothing while the loop has ops to sync");
        assertEquals(List.of(here(), here()), log.appendThreads);
        path.syncOnLoop();
        assertEquals(2, log.syncedThrough.get());
        assertEquals(2, durable.get());
    }

    @Test
    void aFailedSyncHereThrowsAndPublishesNothing() {
        PersistPath path = path(true);
        path.add(append(1, 10));
        assertTrue(path.dispatch());
        log.failSync = true;
        StorageException e = assertThrows(StorageException.class, path::syncOnLoop);
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertEquals(0, durable.get(), "what was not synced is never published");
    }

    @Test
    void writesStayInSequenceOrderAcrossBothThreads() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("PersistPathTest seed " + seed + " (-Dseed=" + seed + " repeats it)");
        SplittableRandom random = new SplittableRandom(seed);
        PersistPath path = path(true);
        List<Long> expected = new ArrayList<>();
        long lastToWorker = 0;
        for (long i = 1; i <= 400; i++) {
            light.set(random.nextBoolean());
            if (light.get() && random.nextBoolean()) {
                // Sometimes let the worker finish first, so light batches do reach the loop however
                // the worker thread is scheduled.
                long workerSeq = lastToWorker;
                await(() -> durable.get() >= workerSeq, "the worker to finish, seed " + seed);
            }
            path.add(append(i, random.nextInt(8) == 0 ? (int) PersistPath.LOOP_BATCH_BYTES_MAX + 1 : 20));
            expected.add(i);
            if (path.dispatch()) {
                if (random.nextBoolean()) {
                    path.syncOnLoop();
                }
            } else {
                lastToWorker = seq;
            }
        }
        path.syncOnLoop();
        long last = seq;
        await(() -> durable.get() == last, "everything durable, seed " + seed);
        assertEquals(expected, log.appended, "seed " + seed);
        assertTrue(log.appendThreads.contains(here()), "some written here, seed " + seed);
        assertTrue(log.appendThreads.contains(WORKER), "some written by the worker, seed " + seed);
        assertFalse(log.overlapped.get(), "two threads inside the log at once, seed " + seed);
    }
}
