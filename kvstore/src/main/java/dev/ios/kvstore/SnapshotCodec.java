package dev.ios.kvstore;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot stream format of {@link KvStateMachine} (big-endian, as {@link DataOutputStream}):
 *
 * <pre>
 * magic      4 bytes  "IOKV"
 * version    1 byte   1
 * indexApplied        long
 * pairCount  int, then per pair in key order:       key, value  (each: int length, UTF-8 bytes)
 * sessionCount int, then per session, least recent first:
 *                     clientId long, requestId long, response (int length, bytes)
 * checksum   int      CRC32C of every byte above
 * </pre>
 *
 * <p>The bytes depend only on the state, so two servers with the same state write the same bytes.
 * Reading checks everything it can (magic, version, lengths, UTF-8, key order, unique clients,
 * checksum) and reports any problem as an {@link IOException} with a message; it never throws
 * anything else, and it never reads past the checksum. Stateless.
 */
final class SnapshotCodec {

    static final byte[] MAGIC = {'I', 'O', 'K', 'V'};
    static final int VERSION = 1;

    private SnapshotCodec() {}

    /** What a snapshot holds; keys and values as UTF-8, keys in {@link Utf16Order}. */
    record State(long indexApplied, PairTree pairs, List<Sessions.Entry> sessions) {}

    /**
     * Writes the state; {@code pairs} are UTF-8 already, as the store keeps them, in key order, and
     * {@code sessions} least recent first.
     */
    static void write(long indexApplied, PairTree.Frozen pairs, SessionTree.Frozen sessions, OutputStream out)
            throws IOException {
        CRC32C crc = new CRC32C();
        // Buffered so small fields do not each cost a call on the caller's stream; flushed, not closed.
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(out), crc));
        data.write(MAGIC);
        data.writeByte(VERSION);
        data.writeLong(indexApplied);
        data.writeInt(pairs.size());
        PairTree.Cursor pair = pairs.cursor();
        while (pair.next()) {
            writeBytes(data, pair.key());
            writeBytes(data, pair.value());
        }
        data.writeInt(sessions.size());
        SessionTree.Cursor session = sessions.cursor();
        while (session.next()) {
            data.writeLong(session.clientId());
            data.writeLong(session.session().requestId());
            writeBytes(data, session.session().response());
        }
        int checksum = (int) crc.getValue();
        data.writeInt(checksum);
        data.flush();
    }

    static State read(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        // Not buffered: a buffer could read past the snapshot's end in the caller's stream.
        DataInputStream data = new DataInputStream(new CheckedInputStream(in, crc));
        try {
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw refused("not a kvstore snapshot (it does not start with \"IOKV\")");
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw refused("unsupported version " + version + " (this build reads version " + VERSION + ")");
            }
            long indexApplied = data.readLong();
            if (indexApplied < 0) {
                throw refused("negative applied index " + indexApplied);
            }
            int pairCount = count(data, "pair");
            PairTree pairs = new PairTree();
            byte[] previous = null;
            for (int i = 0; i < pairCount; i++) {
                byte[] key = readBytes(data, "key of pair " + i);
                checkUtf8(key, "key of pair " + i);
                byte[] value = readBytes(data, "value of pair " + i);
                checkUtf8(value, "value of pair " + i);
                if (previous != null && Utf16Order.INSTANCE.compare(previous, key) >= 0) {
                    throw refused("keys out of order or repeated at pair " + i);
                }
                pairs.put(key, value);
                previous = key;
            }
            int sessionCount = count(data, "session");
            // Sized by what was read, never by a count from the stream: garbage must not allocate.
            List<Sessions.Entry> sessions = new ArrayList<>();
            Set<Long> clients = new HashSet<>();
            for (int i = 0; i < sessionCount; i++) {
                long clientId = data.readLong();
                long requestId = data.readLong();
                byte[] response = readBytes(data, "response of session " + i);
                if (!clients.add(clientId)) {
                    throw refused("client " + clientId + " has two sessions");
                }
                sessions.add(new Sessions.Entry(clientId, new Sessions.Session(requestId, response)));
            }
            int computed = (int) crc.getValue();
            int stored = data.readInt();
            if (stored != computed) {
                throw refused("checksum mismatch (stored " + Integer.toHexString(stored)
                        + ", computed " + Integer.toHexString(computed) + ")");
            }
            return new State(indexApplied, pairs, sessions);
        } catch (EOFException e) {
            throw refused("truncated (the stream ended early)", e);
        }
    }

    private static void writeBytes(DataOutputStream data, byte[] bytes) throws IOException {
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    private static int count(DataInputStream data, String what) throws IOException {
        int count = data.readInt();
        if (count < 0) {
            throw refused("negative " + what + " count " + count);
        }
        return count;
    }

    private static byte[] readBytes(DataInputStream data, String what) throws IOException {
        int length = data.readInt();
        if (length < 0) {
            throw refused("negative length " + length + " for the " + what);
        }
        // readNBytes grows its buffer as bytes arrive, so a garbage length cannot exhaust memory.
        byte[] bytes = data.readNBytes(length);
        if (bytes.length != length) {
            throw refused("truncated in the " + what);
        }
        return bytes;
    }

    /** Refuses bytes that are not valid UTF-8: the store and its key order assume it. */
    private static void checkUtf8(byte[] bytes, String what) throws IOException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw refused("the " + what + " is not valid UTF-8", e);
        }
    }

    private static IOException refused(String why) {
        return new IOException("kvstore snapshot refused: " + why);
    }

    private static IOException refused(String why, Exception cause) {
        return new IOException("kvstore snapshot refused: " + why, cause);
    }
}
