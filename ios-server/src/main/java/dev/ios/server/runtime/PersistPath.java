package dev.ios.server.runtime;

import dev.ios.consensus.replica.PersistOp;
import dev.ios.consensus.replica.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Decides where the replica's persist ops are made durable: on the {@link StorageWorker}'s thread
 * (group commit overlapping the loop's other work, which a loaded master needs), or, when the
 * loop has nothing better to do meanwhile, written and synced on the replica loop itself.
 *
 * <p>Why: a lone write otherwise costs two thread wake-ups on every server it passes (loop to
 * storage thread, storage thread back to the loop); on a VM with few cores those are a large part
 * of one client's latency. Blocking the loop on the disk costs nothing when nothing else is in
 * flight, and a lot under load (measured in session 4: syncing every small batch on the loop cost
 * 64 clients a third of their throughput, on the master). An earlier rule that judged load by the
 * time between batches never held at one client (the next write arrives sooner than a sync takes),
 * so the runtime now asks the replica: the batch is synced here only if
 * <ul>
 *   <li>{@code loopMayWait} holds (the runtime's test: a follower that only accepts, or any server
 *       with at most one index above the applied one and no requests queued for the next batch),
 *   <li>it appends at most {@link #LOOP_BATCH_BYTES_MAX} bytes, and
 *   <li>the storage thread has nothing outstanding;
 * </ul>
 * or if ops written here still await their sync here (they must share it: the log has one writer
 * at a time).
 *
 * <p>Ordering: ops are written in sequence order either way. The loop writes only while the worker
 * has nothing outstanding (every op it was given is durable, so written), and hands the worker
 * nothing while ops written here await their sync. The worker publishes through {@code durableSeq}
 * (volatile) after writing and syncing, and the loop reads it before writing; the worker's queue
 * orders the loop's writes before the worker's next ones: each write to the log happens-before
 * the next, whichever thread makes it.
 *
 * <p>Threads: the replica loop only.
 */
final class PersistPath {

    /** Larger batches (a catch-up, a burst) go to the worker even when the loop may wait. */
    static final long LOOP_BATCH_BYTES_MAX = 64 << 10;

    private final StorageWorker worker;
    private final boolean enabled;
    private final BooleanSupplier loopMayWait;
    private final AtomicLong durableSeq;
    private final List<PersistOp> batch = new ArrayList<>();
    private long submittedSeq;
    private long writtenOnLoopSeq;
    private boolean logDirtyOnLoop;

    /**
     * @param enabled false sends every batch to the worker
     * @param loopMayWait true when blocking the loop on this batch's sync delays nothing that
     *     matters (read on the loop)
     * @param durableSeq the highest durable sequence number, which the worker advances too
     */
    PersistPath(StorageWorker worker, boolean enabled, BooleanSupplier loopMayWait, AtomicLong durableSeq) {
        this.worker = worker;
        this.enabled = enabled;
        this.loopMayWait = loopMayWait;
        this.durableSeq = durableSeq;
    }

    /**
     * The runtime's rule for {@code loopMayWait} (reasons in {@code ReplicaRuntime}): a follower that
     * only accepts, always; any server when nothing but the entry at hand is in flight.
     *
     * @param acceptsOnly no delegation: a follower never coordinates
     * @param role the replica's role now
     * @param indicesAboveApplied indices opened or accepted above the applied one
     * @param queuedRequests client requests waiting for the next batch
     */
    static boolean loopMayWait(boolean acceptsOnly, Replica.Role role, long indicesAboveApplied, int queuedRequests) {
        if (acceptsOnly && role == Replica.Role.FOLLOWER) {
            return true;
        }
        return indicesAboveApplied <= 1 && queuedRequests == 0;
    }

    /** Adds one step's ops (in order) to the current batch. */
    void add(List<PersistOp> ops) {
        batch.addAll(ops);
    }

    /**
     * Hands the current batch on: to the worker, or written here (not yet synced).
     *
     * @return true if ops written on the loop await {@link #syncOnLoop}; the caller runs it as a
     *     later task, after this pass's messages have been flushed to the network, so that the
     *     peers' fsyncs run in parallel with ours
     */
    boolean dispatch() {
        if (batch.isEmpty()) {
            return awaitingLoopSync();
        }
        if (awaitingLoopSync() || (enabled && submittedSeq <= durableSeq.get()
                && appendedBytes(batch) <= LOOP_BATCH_BYTES_MAX && loopMayWait.getAsBoolean())) {
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
        return false;
    }

    /**
     * Syncs what the loop wrote and publishes it as durable.
     *
     * @throws dev.ios.consensus.storage.StorageException if the sync fails (the server halts;
     *     nothing more is published)
     */
    void syncOnLoop() {
        if (logDirtyOnLoop) {
            worker.syncLog();
            logDirtyOnLoop = false;
        }
        durableSeq.accumulateAndGet(writtenOnLoopSeq, Math::max);
    }

    private boolean awaitingLoopSync() {
        return writtenOnLoopSeq > durableSeq.get();
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
