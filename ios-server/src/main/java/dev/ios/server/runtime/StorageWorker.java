package dev.ios.server.runtime;

import dev.ios.consensus.replica.PersistOp;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.consensus.storage.ViewStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage thread: writes the replica's persist ops in order and makes them durable in groups
 * (group commit: one sync covers every op queued since the last one), then reports the highest
 * durable sequence number.
 *
 * <p>Threads: {@link #submit} is called by the replica thread; everything else runs on this
 * worker's own thread. A storage failure (I/O error, failed fsync, disk full) stops the worker
 * for good: nothing more is reported durable, so nothing more is acknowledged, and
 * {@code onFailure} halts the server (never retry an fsync and carry on).
 */
final class StorageWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageWorker.class);

    private final LogStore log;
    private final ViewStore views;
    private final LongConsumer onDurable;
    private final LongConsumer onSyncLatencyNs;
    private final java.util.function.Consumer<StorageException> onFailure;
    // Unbounded on purpose: the protocol's window bounds what is in flight, and blocking the
    // replica thread on a full storage queue would stall heartbeats.
    private final LinkedBlockingQueue<List<PersistOp>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    StorageWorker(String name, LogStore log, ViewStore views, LongConsumer onDurable, LongConsumer onSyncLatencyNs,
            java.util.function.Consumer<StorageException> onFailure) {
        this.log = log;
        this.views = views;
        this.onDurable = onDurable;
        this.onSyncLatencyNs = onSyncLatencyNs;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues ops (in order) to be made durable. Never blocks. */
    void submit(List<PersistOp> ops) {
        queue.add(ops);
    }

    private void run() {
        List<List<PersistOp>> group = new ArrayList<>();
        try {
            while (running) {
                List<PersistOp> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group);
                long seq = 0;
                boolean logTouched = false;
                for (List<PersistOp> ops : group) {
                    for (PersistOp op : ops) {
                        logTouched |= write(op);
                        seq = Math.max(seq, op.seq());
                    }
                }
                group.clear();
                if (logTouched) {
                    syncLog();
                }
                onDurable.accept(seq);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StorageException e) {
            running = false;
            LOG.error("storage failed; this server stops acknowledging error=\"{}\"", e.getMessage(), e);
            onFailure.accept(e);
        }
    }

    /**
     * Writes one op now, on the calling thread; true if it touched the log (which then needs a
     * sync). The worker's own thread uses it; so may the replica loop, but only while everything
     * it submitted is durable (the worker is idle): see {@link PersistPath}.
     */
    boolean write(PersistOp op) {
        if (op instanceof PersistOp.SaveView v) {
            // The view store's save is durable when it returns (atomic replace with fsync).
            views.save(v.view());
            return false;
        }
        if (op instanceof PersistOp.Append a) {
            log.append(a.record());
            return true;
        }
        if (op instanceof PersistOp.DiscardBefore d) {
            log.discardBefore(d.beforeIndex());
            return true;
        }
        throw new IllegalArgumentException("unknown persist op " + op);
    }

    /** Syncs the log on the calling thread and reports how long it took; same rule as {@link #write}. */
    void syncLog() {
        long start = System.nanoTime();
        log.sync();
        onSyncLatencyNs.accept(System.nanoTime() - start);
    }

    @Override
    public void close() {
        // No interrupt: interrupting a thread inside FileChannel I/O closes the channel. The worker
        // polls, so it notices within one poll.
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
