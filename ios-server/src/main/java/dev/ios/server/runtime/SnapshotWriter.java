package dev.ios.server.runtime;

import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.consensus.storage.SnapshotStore;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this server's snapshots on a thread of its own, so the replica loop pays only for the
 * state machine's {@link StateMachine#capture capture}, not for serializing the whole state, the
 * disk write and its sync (about a second for 1,000,000 keys: a stall every client and peer would
 * feel, and long enough to look like a dead master).
 *
 * <p>Threads: {@link #write} from the replica loop; the writing and the completion callback run on
 * the writer thread. The thread is never interrupted (an interrupt inside file I/O closes the
 * channel); {@link #close} lets a snapshot being written finish, for a bounded time.
 */
final class SnapshotWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final int id;
    private final SnapshotStore snapshots;
    private final ExecutorService thread;

    SnapshotWriter(int id, SnapshotStore snapshots) {
        this.id = id;
        this.snapshots = snapshots;
        // A daemon: an unfinished snapshot must not keep a stopping process alive; its temp file is
        // deleted when the store next opens.
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ios-snapshot-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Writes {@code image} as the snapshot {@code meta} and commits it (durable and visible), then
     * calls {@code done} on the writer thread with null, or with the failure. Returns false, calling
     * nothing, if the writer is closed.
     */
    boolean write(SnapshotStore.Meta meta, StateMachine.Image image, Consumer<Exception> done) {
        try {
            thread.execute(() -> done.accept(writeNow(meta, image)));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private Exception writeNow(SnapshotStore.Meta meta, StateMachine.Image image) {
        long started = System.nanoTime();
        try (SnapshotStore.Writer writer = snapshots.begin(meta)) {
            image.writeTo(writer.stream());
            writer.commit();
        } catch (IOException | RuntimeException e) {
            return e;
        }
        LOG.info("server={} event=snapshot-written index={} ms={}", id, meta.index(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return null;
    }

    /** Stops taking snapshots; waits up to 10 s for one being written. Idempotent. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("server={} event=snapshot-unfinished-at-close: it is abandoned, the log still covers it", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
