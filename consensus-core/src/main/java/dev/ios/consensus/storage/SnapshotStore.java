package dev.ios.consensus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Durable snapshots of the state machine (including the client session table), each covering the
 * log up to and including {@code index}.
 *
 * <p>Streaming: a snapshot is written and read as a stream so a large state never has to fit in
 * memory twice. Durability: a snapshot becomes visible to {@link #latest} only when its writer's
 * {@link Writer#commit} returns, atomically (temp file, fsync, rename, fsync the directory); the
 * newest two are kept. Threads: implementations are thread-safe; writers may run on different
 * threads at once, also while others read. Failures throw {@link StorageException}.
 */
public interface SnapshotStore {

    /** What a snapshot covers: every entry up to {@code index}, the last of which was in {@code view}. */
    record Meta(long index, long view) {}

    /** Starts a new snapshot covering up to {@code meta.index()}. */
    Writer begin(Meta meta);

    /** The newest committed snapshot whose checksum is valid, if any. */
    Optional<Meta> latest();

    /** Opens the snapshot {@code meta} for reading; the stream verifies the checksum at its end. */
    InputStream open(Meta meta) throws IOException;

    /** A snapshot being written. */
    interface Writer extends AutoCloseable {
        /** Where the state machine writes its state. */
        OutputStream stream();

        /** Makes the snapshot durable and visible. */
        void commit();

        /** Abandons the snapshot if it was not committed. */
        @Override
        void close();
    }
}
