package dev.ios.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One open file: positional reads and writes, truncation and {@link #force}.
 *
 * <p>Threads: one thread at a time. Durability: written bytes are durable only after
 * {@link #force} returns (or at once, if the file was opened with
 * {@link Disk.WriteMode#DSYNC} or {@link Disk.WriteMode#SYNC}).
 * Failures throw {@link IOException}.
 */
public interface DiskFile extends AutoCloseable {

    /** The file's current size in bytes (including writes not yet forced). */
    long size() throws IOException;

    /**
     * Reads into {@code dst} from {@code position} until {@code dst} is full or the file ends;
     * returns the number of bytes read (less than requested only at the end of the file).
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}, growing the file if needed. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Cuts the file to {@code sizeBytes}; durable after {@link #force}. */
    void truncate(long sizeBytes) throws IOException;

    /** Makes every write and truncation so far durable (data, not necessarily metadata such as mtime). */
    void force() throws IOException;

    /** Closes the file; does not force. */
    @Override
    void close() throws IOException;
}
