package dev.ios.storage;

import dev.ios.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes an append-only file opened with {@code O_DIRECT}, where every write must start and end
 * on an alignment boundary from an aligned buffer. Keeps the last partial block in memory and
 * rewrites it, followed by the new bytes and zero padding up to the next boundary; so the file
 * ends in zero padding until {@link #trim} cuts it back to its logical size. The log store also
 * has it write zeros further ahead ({@link #writeZeros}), so that appends overwrite blocks that
 * exist rather than grow the file. Replay reads zeros after the last record of the newest segment
 * as its clean end, and a segment is trimmed before the next one starts, so older segments never
 * end in padding or zeros.
 *
 * <p>Not thread-safe; owned by the log store.
 */
final class DirectTail {

    private static final int ZERO_BUFFER_BYTES = 64 << 10;

    private final int alignmentBytes;
    // Bytes of the file from the last boundary at or below the logical end, up to that end.
    private byte[] tail = new byte[0];
    // Invariant: logicalBytes - tail.length is a multiple of alignmentBytes.
    private long logicalBytes;
    private ByteBuffer aligned;
    // Aligned zeros for writeZeros, allocated on first use (read only after that).
    private ByteBuffer zeros;

    DirectTail(int alignmentBytes) {
        if (alignmentBytes <= 0 || Integer.bitCount(alignmentBytes) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, was " + alignmentBytes);
        }
        this.alignmentBytes = alignmentBytes;
        this.aligned = allocate(alignmentBytes * 16);
    }

    /**
     * Starts over on a file whose logical size is {@code sizeBytes}, reading its partial last
     * block through {@code reader} (a handle opened without O_DIRECT, whose reads need no alignment).
     */
    void reset(DiskFile reader, long sizeBytes) throws IOException {
        long blockStart = sizeBytes - sizeBytes % alignmentBytes;
        tail = new byte[(int) (sizeBytes - blockStart)];
        ByteBuffer read = ByteBuffer.wrap(tail);
        if (reader.read(read, blockStart) != tail.length) {
            throw new IOException("short read of the last block at " + blockStart);
        }
        logicalBytes = sizeBytes;
    }

    /** Appends {@code src} (all of it) at the logical end. */
    void append(DiskFile file, ByteBuffer src) throws IOException {
        int newBytes = src.remaining();
        long blockStart = logicalBytes - tail.length;
        int dataBytes = tail.length + newBytes;
        int paddedBytes = (dataBytes + alignmentBytes - 1) / alignmentBytes * alignmentBytes;
        if (aligned.capacity() < paddedBytes) {
            aligned = allocate(paddedBytes);
        }
        aligned.clear();
        aligned.put(tail).put(src);
        while (aligned.position() < paddedBytes) {
            aligned.put((byte) 0);
        }
        aligned.flip();
        file.write(aligned, blockStart);
        long newEnd = logicalBytes + newBytes;
        int tailBytes = (int) (newEnd % alignmentBytes);
        tail = new byte[tailBytes];
        aligned.get(dataBytes - tailBytes, tail, 0, tailBytes);
        logicalBytes = newEnd;
    }

    /** {@code position} rounded up to the next alignment boundary (itself if on one). */
    long alignUp(long position) {
        return (position + alignmentBytes - 1) / alignmentBytes * alignmentBytes;
    }

    /**
     * Writes zeros over {@code [from, to)} of {@code file}, both on alignment boundaries and at or
     * beyond the block this tail rewrites: the zeros written ahead of the records, so that later
     * appends overwrite existing blocks instead of growing the file.
     */
    void writeZeros(DiskFile file, long from, long to) throws IOException {
        if (from % alignmentBytes != 0 || to % alignmentBytes != 0 || from < logicalBytes - tail.length) {
            throw new IllegalArgumentException("zeros over [" + from + ", " + to + ") must be aligned to "
                    + alignmentBytes + " and beyond the tail block at " + (logicalBytes - tail.length));
        }
        if (zeros == null) {
            zeros = allocate(Math.max(alignmentBytes, ZERO_BUFFER_BYTES));
        }
        for (long at = from; at < to; ) {
            ByteBuffer chunk = zeros.duplicate();
            chunk.limit((int) Math.min(chunk.capacity(), to - at));
            int bytes = chunk.remaining();
            file.write(chunk, at);
            at += bytes;
        }
    }

    /** Cuts the zero padding off the end of {@code file}. */
    void trim(DiskFile file) throws IOException {
        file.truncate(logicalBytes);
    }

    private ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes + alignmentBytes).alignedSlice(alignmentBytes);
    }
}
