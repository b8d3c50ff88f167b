package dev.ios.storage;

import dev.ios.consensus.storage.SnapshotStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-disk format of snapshot files (see storage/README.md, "On-disk format").
 *
 * <p>{@code snapshot-<index>} (decimal): a 32-byte header — magic {@code "IOSS"}, format version
 * (int), index (long), view (long), payload start offset (int, 32), CRC32C of the preceding 28
 * bytes (int) — then the state machine's bytes, then a 16-byte trailer — payload length (long),
 * CRC32C of the payload (int), magic {@code "IOSE"}. All big-endian. A file is written as
 * {@code snapshot-<index>.<writer>.tmp} (one per writer, so concurrent writers never share one) and
 * renamed when complete.
 */
final class SnapshotFormat {

    private SnapshotFormat() {}

    static final int MAGIC = 0x494F5353; // "IOSS"
    static final int TRAILER_MAGIC = 0x494F5345; // "IOSE"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;
    static final int TRAILER_BYTES = 16;
    static final String TMP_SUFFIX = ".tmp";

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{1,19})");

    static String fileName(long index) {
        return "snapshot-" + index;
    }

    /** The temp file of the {@code writer}-th snapshot written since the store opened; never a snapshot's name. */
    static String tempName(long index, long writer) {
        return fileName(index) + "." + writer + TMP_SUFFIX;
    }

    /** The index named by {@code file}, or -1 if the name is not a snapshot's. */
    static long indexOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static ByteBuffer header(SnapshotStore.Meta meta) {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES);
        bytes.putInt(MAGIC).putInt(VERSION).putLong(meta.index()).putLong(meta.view()).putInt(HEADER_BYTES);
        bytes.putInt(Crc32c.of(bytes.array(), 0, 28));
        return bytes.flip();
    }

    static ByteBuffer trailer(long payloadBytes, int payloadCrc) {
        ByteBuffer bytes = ByteBuffer.allocate(TRAILER_BYTES);
        bytes.putLong(payloadBytes).putInt(payloadCrc).putInt(TRAILER_MAGIC);
        return bytes.flip();
    }
}
