package dev.ios.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli, hardware-accelerated on x86 and ARM) over a byte range, as an int. */
final class Crc32c {

    private Crc32c() {}

    /** The CRC32C of {@code bytes[offset, offset + length)}. */
    static int of(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** The CRC32C of {@code bytes}' remaining bytes (heap or direct); consumes them. */
    static int of(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /**
     * The CRC32C of {@code bytes[offset, offset + length)} (heap or direct), by absolute position:
     * the buffer's position and limit are neither used nor changed.
     */
    static int of(ByteBuffer bytes, int offset, int length) {
        return bytes.hasArray()
                ? of(bytes.array(), bytes.arrayOffset() + offset, length)
                : of(bytes.slice(offset, length));
    }
}
