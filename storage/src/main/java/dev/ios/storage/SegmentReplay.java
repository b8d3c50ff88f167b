package dev.ios.storage;

import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.Disk;
import dev.ios.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads one segment and applies its records to a {@link LogState}, deciding what a bad record
 * means. Only the tail of the last segment may be torn by a crash (older segments were forced
 * before the next one was created), so:
 *
 * <ul>
 *   <li>zeros from some record boundary to the end of the last segment are the zeros written ahead
 *       of the records (see {@link SegmentedLogStore#ZERO_CHUNK_BYTES}): the log ends there, cleanly;
 *   <li>a bad record (short, bad length, CRC mismatch) in the last segment followed only by zero
 *       bytes or nothing is a torn write: the result says where to cut;
 *   <li>a last segment shorter than its header, or all zeros, is a torn segment creation: the
 *       result says to delete it;
 *   <li>anything else bad is corruption: {@link StorageException} naming the file and offset.
 * </ul>
 */
final class SegmentReplay {

    /**
     * What replay found. {@code validBytes} is where the good records end; {@code cutReason} is
     * null if the whole file was good, else why the rest must be cut ({@code validBytes == 0}: the
     * whole file must be deleted).
     */
    record Result(long validBytes, long fileBytes, String cutReason) {}

    private SegmentReplay() {}

    /** Replays {@code segment} into {@code state}; {@code last} says whether it is the newest segment. */
    static Result replay(Disk disk, Segment segment, boolean last, LogState state) {
        byte[] bytes;
        try (DiskFile file = disk.open(segment.path, false, null)) {
            long size = file.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw corrupt(segment, 0, "file of " + size + " bytes is larger than any segment we write");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            int read = file.read(buffer, 0);
            if (read != size) {
                throw new StorageException("short read of log segment " + segment.path + ": " + read + " of " + size);
            }
            bytes = buffer.array();
        } catch (IOException e) {
            throw new StorageException("cannot read log segment " + segment.path + ": " + e, e);
        }
        if (bytes.length < SegmentFormat.HEADER_BYTES || allZero(bytes, 0)) {
            if (last) {
                return new Result(0, bytes.length, "segment creation torn by a crash (" + bytes.length + " bytes, no valid header)");
            }
            throw corrupt(segment, 0, "no valid header (" + bytes.length + " bytes) in a segment that is not the newest");
        }
        checkHeader(segment, bytes);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int at = SegmentFormat.HEADER_BYTES;
        while (at < bytes.length) {
            if (last && allZero(bytes, at)) {
                return new Result(at, bytes.length, null);
            }
            String bad = null;
            int end;
            if (bytes.length - at < SegmentFormat.FRAME_BYTES) {
                bad = "short record frame (" + (bytes.length - at) + " bytes left)";
                end = bytes.length;
            } else {
                int bodyBytes = in.getInt(at);
                int crc = in.getInt(at + 4);
                if (bodyBytes < SegmentFormat.BODY_FIXED_BYTES || bodyBytes > SegmentFormat.BODY_BYTES_MAX) {
                    bad = "impossible record length " + bodyBytes;
                    end = at + SegmentFormat.FRAME_BYTES;
                } else if (bodyBytes > bytes.length - at - SegmentFormat.FRAME_BYTES) {
                    bad = "record of " + bodyBytes + " bytes runs past the end of the file";
                    end = bytes.length;
                } else {
                    end = at + SegmentFormat.FRAME_BYTES + bodyBytes;
                    if (crc != Crc32c.of(bytes, at + SegmentFormat.FRAME_BYTES, bodyBytes)) {
                        bad = "checksum mismatch";
                    }
                }
            }
            if (bad != null) {
                // A crash tears only the newest writes: the bad record is the last thing in the
                // file. Anything non-zero after it means older, synced data is damaged.
                if (last && allZero(bytes, end)) {
                    return new Result(at, bytes.length, bad);
                }
                throw corrupt(segment, at, bad + (last ? ", followed by non-zero data" : ""));
            }
            apply(segment, at, in, state);
            at = end;
        }
        return new Result(at, bytes.length, null);
    }

    private static void apply(Segment segment, int at, ByteBuffer in, LogState state) {
        int body = at + SegmentFormat.FRAME_BYTES;
        byte kind = in.get(body);
        long index = in.getLong(body + 1);
        long view = in.getLong(body + 9);
        // The CRC matched, so a bad field was written that way: a bug or a newer format, never a crash.
        if (index < 1) {
            throw corrupt(segment, at, "index " + index + " below 1 in a record whose checksum matches");
        }
        if (kind == SegmentFormat.KIND_APPEND) {
            if (view < 0) {
                throw corrupt(segment, at, "negative view " + view + " in a record whose checksum matches");
            }
            if (index >= state.discardedBefore()) {
                // Where the record is, not its bytes: the store reads it back if asked (see LogState).
                state.append(index, segment.locationOf(at));
            }
            segment.appendIndexMax = Math.max(segment.appendIndexMax, index);
        } else if (kind == SegmentFormat.KIND_TRUNCATE_FROM) {
            state.truncateFrom(index);
        } else if (kind == SegmentFormat.KIND_DISCARD_BEFORE) {
            state.discardBefore(index);
        } else {
            throw corrupt(segment, at, "unknown record kind " + kind + " in a record whose checksum matches");
        }
    }

    private static void checkHeader(Segment segment, byte[] bytes) {
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, SegmentFormat.HEADER_BYTES);
        int magic = header.getInt(0);
        if (magic != SegmentFormat.MAGIC) {
            throw corrupt(segment, 0, "bad magic " + Integer.toHexString(magic) + ", not a log segment");
        }
        if (header.getInt(16) != Crc32c.of(bytes, 0, 16)) {
            throw corrupt(segment, 16, "header checksum mismatch");
        }
        int version = header.getInt(4);
        if (version != SegmentFormat.VERSION) {
            throw corrupt(segment, 4, "unknown format version " + version);
        }
        long sequence = header.getLong(8);
        if (sequence != segment.sequence) {
            throw corrupt(segment, 8, "header names sequence " + sequence + ", file name " + segment.sequence);
        }
    }

    private static boolean allZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static StorageException corrupt(Segment segment, long offset, String what) {
        return new StorageException("log segment " + segment.path + " is corrupt at offset " + offset + ": " + what);
    }
}
