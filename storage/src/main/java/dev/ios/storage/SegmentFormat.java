package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-disk format of log segments (see storage/README.md, "On-disk format").
 *
 * <p>A segment is named {@code log-<sequence>.seg}, the sequence as 20 decimal digits so names sort
 * in creation order. Why a sequence and not the first index: with delegated replication records
 * arrive in any index order, so a segment has no meaningful "first index".
 *
 * <p>A segment starts with a 20-byte header: magic {@code "IOSL"}, format version (int), sequence
 * (long), CRC32C of those 16 bytes (int). Records follow, each: body length (int), CRC32C of the
 * body (int), body = kind (byte), index (long), view (long), payload (the rest). All big-endian.
 */
final class SegmentFormat {

    private SegmentFormat() {}

    static final int MAGIC = 0x494F534C; // "IOSL"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 20;
    /** Length and CRC in front of every body. */
    static final int FRAME_BYTES = 8;
    /** Kind, index and view: a body's fixed part. */
    static final int BODY_FIXED_BYTES = 17;
    /** A body longer than this is refused on write and treated as a corrupt length on read. */
    static final int BODY_BYTES_MAX = 256 << 20;

    /** Record kinds. The byte values are part of the format: never reuse one. */
    static final byte KIND_APPEND = 1;
    static final byte KIND_TRUNCATE_FROM = 2;
    static final byte KIND_DISCARD_BEFORE = 3;

    private static final Pattern NAME = Pattern.compile("log-(\\d{20})\\.seg");

    /** The file name of segment {@code sequence}. */
    static String fileName(long sequence) {
        return String.format("log-%020d.seg", sequence);
    }

    /** The sequence named by {@code file}, or -1 if the name is not a segment's. */
    static long sequenceOf(Path file) {
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

    /** The segment header for {@code sequence}, ready to write. */
    static ByteBuffer header(long sequence) {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES);
        bytes.putInt(MAGIC).putInt(VERSION).putLong(sequence);
        bytes.putInt(Crc32c.of(bytes.array(), 0, 16));
        return bytes.flip();
    }

    /** The bytes one record with {@code payloadBytes} of payload takes, frame included. */
    static int recordBytes(int payloadBytes) {
        return FRAME_BYTES + BODY_FIXED_BYTES + payloadBytes;
    }

    /**
     * Encodes one record at {@code out}'s position, which must have room for
     * {@link #recordBytes}{@code (payload.length)}. {@code out} may be a heap or a direct buffer
     * (the log store encodes straight into a direct one, which the channel writes without a copy).
     */
    static void encode(ByteBuffer out, byte kind, long index, long view, byte[] payload) {
        int start = out.position();
        int bodyBytes = BODY_FIXED_BYTES + payload.length;
        out.putInt(bodyBytes);
        out.putInt(0); // the CRC, filled in below once the body is in place
        out.put(kind).putLong(index).putLong(view).put(payload);
        out.putInt(start + 4, Crc32c.of(out, start + FRAME_BYTES, bodyBytes));
    }

    /**
     * Why {@code in[at, at + available)} does not begin with the append record for {@code index}
     * exactly as {@link #encode} wrote it (length, CRC, kind, index, view), or null if it does.
     * Absolute reads: {@code in}'s position and limit are neither used nor changed; heap or direct.
     * The log stores check what they read back with it, as replay checks what it reads.
     */
    static String whyNotAppend(ByteBuffer in, int at, int available, long index) {
        if (available < FRAME_BYTES) {
            return "short record frame (" + available + " bytes)";
        }
        int bodyBytes = in.getInt(at);
        if (bodyBytes < BODY_FIXED_BYTES || bodyBytes > BODY_BYTES_MAX) {
            return "impossible record length " + bodyBytes;
        }
        if (bodyBytes > available - FRAME_BYTES) {
            return "record of " + bodyBytes + " bytes runs past the " + (available - FRAME_BYTES) + " bytes there";
        }
        int body = at + FRAME_BYTES;
        if (in.getInt(at + 4) != Crc32c.of(in, body, bodyBytes)) {
            return "checksum mismatch";
        }
        byte kind = in.get(body);
        if (kind != KIND_APPEND) {
            return "record of kind " + kind + " where an append was";
        }
        long found = in.getLong(body + 1);
        if (found != index) {
            return "append for index " + found + " where index " + index + "'s was";
        }
        long view = in.getLong(body + 9);
        if (view < 0) {
            return "negative view " + view;
        }
        return null;
    }

    /** The append record at {@code at} in {@code in}, which {@link #whyNotAppend} accepted; its payload is a copy. */
    static LogRecord decodeAppend(ByteBuffer in, int at) {
        int body = at + FRAME_BYTES;
        byte[] payload = new byte[in.getInt(at) - BODY_FIXED_BYTES];
        in.get(body + BODY_FIXED_BYTES, payload);
        return new LogRecord(in.getLong(body + 1), in.getLong(body + 9), payload);
    }
}
