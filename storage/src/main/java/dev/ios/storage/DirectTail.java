package dev.ios.storage;

import dev.ios.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes an append-only file opened with {@code O_DIRECT}, where every write must start and end
 * on an alignment boundary from an aligned buffer. Keeps the last partial block in memory and
 * rewrites it, followed by the new bytes and zero padding up to the next boundary; so the file
 * ends in zero padding until {@link #trim} cuts it back to its logical size. Replay treats zeros
 * after the last record of the newest segment as a torn tail and cuts them, and a segment is
 * trimmed before the next one starts, so older segments never end in padding.
 *
 * <p>Not thread-safe; owned by the log store.
 */
final class DirectTail {

    private final int alignmentBytes;
    // Bytes of the file from the last boundary at or below the logical end, up to that end.
    private byte[] tail = new byte[0];
    // Invariant: logicalBytes - tail.length is a multiple of alignmentBytes.
    private long logicalBytes;
    private ByteBuffer aligned;

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

    /** Cuts the zero padding off the end of {@code file}. */
    void trim(DiskFile file) throws IOException {
        file.truncate(logicalBytes);
    }

    private ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes + alignmentBytes).alignedSlice(alignmentBytes);
    }
}
