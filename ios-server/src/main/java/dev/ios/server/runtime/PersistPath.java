package dev.ios.server.runtime;

import dev.ios.consensus.replica.PersistOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides where the replica's persist ops are made durable: on the {@link StorageWorker}'s thread
 * (group commit overlapping the loop's other work, which a loaded server needs), or, at light load,
 * written and synced on the replica loop itself. A lone write otherwise costs two thread wake-ups
 * on every server it passes (loop to storage thread, storage thread back to the loop), a large part
 * of one client's latency on a VM. Under load, blocking the loop on the disk costs more than the
 * wake-ups save (measured: syncing every small batch on the loop cost 64 clients a third of their
 * throughput), so a batch is synced on the loop only if
 * <ul>
 *   <li>it appends at most {@code loopSyncMaxBytes} bytes to the log,
 *   <li>the storage thread has nothing outstanding, and
 *   <li>since its last dispatch or sync, the loop had nothing to persist for longer than its
 *       recent syncs took (a moving average): at that rate, no other batch would wait behind this
 *       sync. Under load batches follow each other (and the end of each sync) closely, so they go
 *       to the worker.
 * </ul>
 *
 * <p>Ordering: ops are written in sequence order either way. The loop writes only while the worker
 * has nothing outstanding (every op it was given is durable, so written), and what it hands the
 * worker later is written after what the loop wrote; the worker's sync covers both. The worker
 * publishes through {@code durableSeq} (volatile) after writing and the loop reads it before
 * writing, and the worker's queue orders the loop's writes before the worker's next ones: each
 * write to the log happens-before the next, whichever thread makes it.
 *
 * <p>Threads: the replica loop only.
 */
final class PersistPath {

    /** The sync time assumed before the loop has measured one: a typical SSD's fsync. */
    static final long INITIAL_SYNC_ESTIMATE_NS = 100_000;

    private final StorageWorker worker;
    private final int loopSyncMaxBytes;
    private final AtomicLong durableSeq;
    private final LongSupplier nanoTime;
    private final List<PersistOp> batch = new ArrayList<>();
    private long submittedSeq;
    private long writtenOnLoopSeq;
    private boolean logDirtyOnLoop;
    // When the loop last dispatched a batch or finished a sync.
    private long lastBusyNs;
    private boolean busyBefore;
    private long syncEstimateNs = INITIAL_SYNC_ESTIMATE_NS;

    /**
     * @param loopSyncMaxBytes the most log bytes a batch may append to be synced on the loop; 0
     *     never syncs there
     * @param durableSeq the highest durable sequence number, which the worker advances too
     * @param nanoTime the clock ({@code System::nanoTime}; tests pass their own)
     */
    PersistPath(StorageWorker worker, int loopSyncMaxBytes, AtomicLong durableSeq, LongSupplier nanoTime) {
        this.worker = worker;
        this.loopSyncMaxBytes = loopSyncMaxBytes;
        this.durableSeq = durableSeq;
        this.nanoTime = nanoTime;
    }

    /** Adds one step's ops (in order) to the current batch. */
    void add(List<PersistOp> ops) {
        batch.addAll(ops);
    }

    /**
     * Hands the current batch on: to the worker, or written here (not yet synced).
     *
     * @return true if ops written on the loop await {@link #syncOnLoop}; the caller runs it as a
     *     later task, after this iteration's messages have been flushed to the network, so that the
     *     peers' fsyncs run in parallel with ours
     */
    boolean dispatch() {
        if (batch.isEmpty()) {
            return writtenOnLoopSeq > durableSeq.get();
        }
        long nowNs = nanoTime.getAsLong();
        boolean idleBefore = !busyBefore || nowNs - lastBusyNs >= syncEstimateNs;
        busyBefore = true;
        lastBusyNs = nowNs;
        if (loopSyncMaxBytes > 0 && idleBefore && submittedSeq <= durableSeq.get()
                && appendedBytes(batch) <= loopSyncMaxBytes) {
            for (PersistOp op : batch) {
                logDirtyOnLoop |= worker.write(op);
                writtenOnLoopSeq = Math.max(writtenOnLoopSeq, op.seq());
            }
            batch.clear();
            return true;
        }
        List<PersistOp> ops = List.copyOf(batch);
        batch.clear();
        for (PersistOp op : ops) {
            submittedSeq = Math.max(submittedSeq, op.seq());
        }
        worker.submit(ops);
        return writtenOnLoopSeq > durableSeq.get();
    }

    /**
     * Syncs what the loop wrote and publishes it as durable.
     *
     * @throws dev.ios.consensus.storage.StorageException if the sync fails (the server halts;
     *     nothing more is published)
     */
    void syncOnLoop() {
        if (logDirtyOnLoop) {
            long startNs = nanoTime.getAsLong();
            worker.syncLog();
            long endNs = nanoTime.getAsLong();
            syncEstimateNs += (endNs - startNs - syncEstimateNs) / 4;
            lastBusyNs = endNs;
            logDirtyOnLoop = false;
        }
        durableSeq.accumulateAndGet(writtenOnLoopSeq, Math::max);
    }

    private static long appendedBytes(List<PersistOp> ops) {
        long bytes = 0;
        for (PersistOp op : ops) {
            if (op instanceof PersistOp.Append a) {
                bytes += a.record().payload().length;
            }
        }
        return bytes;
    }
}
