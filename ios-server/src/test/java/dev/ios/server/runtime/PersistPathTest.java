package dev.ios.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.replica.PersistOp;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where persist ops are made durable: a small batch after an idle spell on the calling (replica)
 * thread, published only once synced there; everything else on the storage worker; and never a
 * write on the caller while the worker still has ops of its own to make durable (the log's order).
 * The clock is the test's: each sync takes {@link #SYNC_NS} of it.
 */
class PersistPathTest {

    /** A log that remembers what was appended, by which thread, and what each sync covered. */
    private static final class RecordingLog implements LogStore {
        final List<Long> appended = new CopyOnWriteArrayList<>();
        final List<String> appendThreads = new CopyOnWriteArrayList<>();
        final AtomicLong syncedThrough = new AtomicLong();
        final AtomicLong clockNs;
        volatile CountDownLatch syncGate = new CountDownLatch(0);
        volatile boolean failSync;

        RecordingLog(AtomicLong clockNs) {
            this.clockNs = clockNs;
        }

        @Override
        public void append(LogRecord record) {
            appended.add(record.index());
            appendThreads.add(Thread.currentThread().getName());
        }

        @Override
        public void sync() {
            try {
                syncGate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockNs.addAndGet(SYNC_NS);
            if (failSync) {
                throw new StorageException("fsync failed: injected");
            }
            syncedThrough.set(appended.isEmpty() ? 0 : appended.get(appended.size() - 1));
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

    private static final long SYNC_NS = 100_000;
    private static final long SOON_NS = SYNC_NS / 10;
    private static final long LATER_NS = SYNC_NS * 3;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RecordingLog log = new RecordingLog(clock);
    private final AtomicLong durable = new AtomicLong();
    private final AtomicReference<StorageException> failure = new AtomicReference<>();
    private final StorageWorker worker = new StorageWorker("test-storage", log, NO_VIEWS,
            seq -> durable.accumulateAndGet(seq, Math::max), ns -> { }, failure::set);
    private long seq;

    @AfterEach
    void stopWorker() {
        log.syncGate.countDown();
        worker.close();
    }

    /** One append of {@code bytes} payload bytes at index {@code index}. */
    private List<PersistOp> append(long index, int bytes) {
        return List.of(new PersistOp.Append(++seq, new LogRecord(index, 1, new byte[bytes])));
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private PersistPath path(int maxBytes) {
        worker.start();
        return new PersistPath(worker, maxBytes, durable, clock::get);
    }

    private boolean allByWorker() {
        return log.appendThreads.stream().allMatch("test-storage"::equals);
    }

    @Test
    void withoutALimitEverythingGoesToTheWorker() throws Exception {
        PersistPath path = path(0);
        for (long i = 1; i <= 5; i++) {
            clock.addAndGet(LATER_NS);
            path.add(append(i, 10));
            assertFalse(path.dispatch(), "nothing is left for the loop to sync");
        }
        await(() -> durable.get() == 5, "all five durable");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.appended);
        assertTrue(allByWorker(), log.appendThreads.toString());
    }

    @Test
    void aSmallBatchAfterAnIdleSpellIsWrittenHereAndPublishedOnlyOnceSyncedHere() {
        PersistPath path = path(100);
        path.add(append(1, 50));
        assertTrue(path.dispatch(), "written here, awaiting a sync here");
        assertEquals(List.of(Thread.currentThread().getName()), log.appendThreads);
        assertEquals(0, durable.get(), "written, not yet durable");
        assertEquals(0, log.syncedThrough.get());

        path.syncOnLoop();
        assertEquals(1, log.syncedThrough.get(), "synced before being published");
        assertEquals(1, durable.get());
        assertFalse(path.dispatch(), "nothing left to sync");
    }

    @Test
    void aBatchSoonAfterTheLastGoesToTheWorkerAndOneAfterAPauseComesBack() throws Exception {
        PersistPath path = path(100);
        path.add(append(1, 10));
        assertTrue(path.dispatch());
        path.syncOnLoop();
        clock.addAndGet(SOON_NS); // a tenth of a sync after the sync ended
        path.add(append(2, 10));
        assertFalse(path.dispatch(), "to the worker: nothing awaits a sync here");
        await(() -> durable.get() == 2, "the second durable through the worker");
        assertEquals("test-storage", log.appendThreads.get(1), "a batch right after a sync goes to the worker");

        clock.addAndGet(LATER_NS);
        path.add(append(3, 10));
        assertTrue(path.dispatch(), "after a pause the loop syncs again");
        assertEquals(Thread.currentThread().getName(), log.appendThreads.get(2));
        path.syncOnLoop();
        assertEquals(3, durable.get());
    }

    @Test
    void aLargeBatchGoesToTheWorkerEvenAfterAPause() throws Exception {
        PersistPath path = path(100);
        clock.addAndGet(LATER_NS);
        path.add(append(1, 60));
        path.add(append(2, 60)); // one batch of 120 bytes: too large
        assertFalse(path.dispatch());
        await(() -> durable.get() == 2, "both durable");
        assertTrue(allByWorker(), log.appendThreads.toString());
    }

    @Test
    void nothingIsWrittenHereWhileTheWorkerHasOpsOutstanding() throws Exception {
        PersistPath path = path(100);
        log.syncGate = new CountDownLatch(1); // the worker's next sync blocks
        path.add(append(1, 60));
        path.add(append(2, 60));
        assertFalse(path.dispatch(), "too large: to the worker");
        await(() -> log.appended.size() == 2, "the worker to write them");
        clock.addAndGet(LATER_NS);
        path.add(append(3, 10)); // small, after a pause, but the worker's ops are not durable yet
        assertFalse(path.dispatch());
        log.syncGate.countDown();
        await(() -> durable.get() == 3, "all durable");
        assertEquals(List.of(1L, 2L, 3L), log.appended);
        assertTrue(allByWorker(), log.appendThreads.toString());
        assertEquals(3, log.syncedThrough.get());
    }

    @Test
    void aFailedSyncHereThrowsAndPublishesNothing() {
        PersistPath path = path(100);
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
        PersistPath path = path(100);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 400; i++) {
            clock.addAndGet(random.nextBoolean() ? SOON_NS : LATER_NS);
            path.add(append(i, random.nextInt(4) == 0 ? 150 : 20));
            expected.add(i);
            if (path.dispatch() && random.nextBoolean()) {
                path.syncOnLoop();
            }
        }
        path.syncOnLoop();
        long last = seq;
        await(() -> durable.get() == last, "everything durable, seed " + seed);
        assertEquals(expected, log.appended, "seed " + seed);
        assertTrue(log.appendThreads.contains(Thread.currentThread().getName()), "some written here, seed " + seed);
        assertTrue(log.appendThreads.contains("test-storage"), "some written by the worker, seed " + seed);
    }
}
