package dev.ios.storage.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file-system operations the stores use, and nothing else, so tests can substitute a disk
 * that loses everything not yet synced on a simulated crash.
 *
 * <p>Threads: one thread at a time per store; implementations need not be thread-safe.
 * Durability: a created, renamed or deleted name is durable only after {@link #syncDirectory}
 * returns for its directory; file contents only after {@link DiskFile#force}. Failures throw
 * {@link IOException}; the stores turn them into {@code StorageException}s naming the file.
 */
public interface Disk {

    /**
     * Opens {@code path} for reading and writing. With {@code create}, a missing file is created
     * (its name is not durable until {@link #syncDirectory}); without it, a missing file throws.
     * {@code writeMode} opens the file for synchronous or direct writes, or is {@code null} for
     * ordinary buffered writes. A file system that cannot honour it throws.
     */
    DiskFile open(Path path, boolean create, WriteMode writeMode) throws IOException;

    /**
     * The alignment, in bytes, that {@link WriteMode#DIRECT} writes in {@code dir} need for
     * their buffer address, file position and length.
     */
    int directAlignmentBytes(Path dir) throws IOException;

    /** The entries of {@code dir} (files and directories), sorted by name. */
    List<Path> list(Path dir) throws IOException;

    /** Whether {@code path} exists. */
    boolean exists(Path path) throws IOException;

    /** Deletes {@code path} if it exists; durable after {@link #syncDirectory}. */
    void delete(Path path) throws IOException;

    /**
     * Renames {@code from} to {@code to} in one step, replacing {@code to}: a crash leaves either
     * name, never neither or a mix. Durable after {@link #syncDirectory}.
     */
    void moveAtomic(Path from, Path to) throws IOException;

    /** Makes every name created, renamed or deleted in {@code dir} durable (fsync of the directory). */
    void syncDirectory(Path dir) throws IOException;

    /** Creates {@code dir} and its parents if missing, and makes the new names durable. */
    void createDirectories(Path dir) throws IOException;

    /**
     * Takes an exclusive lock on {@code file} (created if missing) for this process, so two
     * servers never share a data directory; throws if another process holds it. The operating
     * system releases the lock when the process dies, so a crash leaves no stale lock.
     */
    AutoCloseable lock(Path file) throws IOException;

    /** How a file is opened for writing, when not for ordinary buffered writes. */
    enum WriteMode {
        /** Each write returns when its data is durable ({@code O_DSYNC}). */
        DSYNC,
        /** Each write returns when its data and metadata are durable ({@code O_SYNC}). */
        SYNC,
        /**
         * Writes bypass the page cache ({@code O_DIRECT}); buffers, positions and lengths must be
         * aligned to {@link #directAlignmentBytes}. Not durable without {@link DiskFile#force}.
         */
        DIRECT
    }
}
