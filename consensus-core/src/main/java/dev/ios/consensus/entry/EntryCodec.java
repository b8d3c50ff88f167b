package dev.ios.consensus.entry;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The byte form of an {@link Entry}, as log records store it and peers send it.
 *
 * <p>Layout (big-endian): {@code int count}, then per request {@code long clientId, long
 * requestId, int origin, byte readOnly, int length, byte[length] command}. Decoding never throws
 * on bad input: it returns empty, so a corrupt payload is an error value, not a crash.
 */
public final class EntryCodec {

    /** Upper bound on requests per entry accepted by the decoder (a batch is far smaller). */
    public static final int REQUESTS_MAX = 1 << 20;

    private EntryCodec() {}

    /** The encoded size of {@code entry} in bytes. */
    public static int size(Entry entry) {
        int size = 4;
        for (Request r : entry.requests()) {
            size += size(r);
        }
        return size;
    }

    /** The encoded size of one request inside an entry, in bytes. */
    public static int size(Request r) {
        return 8 + 8 + 4 + 1 + 4 + r.command().length;
    }

    /** Encodes {@code entry} into a new array. */
    public static byte[] encode(Entry entry) {
        ByteBuffer buffer = ByteBuffer.allocate(size(entry));
        write(entry, buffer);
        return buffer.array();
    }

    /** Writes {@code entry} at the buffer's position; the buffer must have {@link #size} bytes left. */
    public static void write(Entry entry, ByteBuffer buffer) {
        buffer.putInt(entry.requests().size());
        for (Request r : entry.requests()) {
            write(r, buffer);
        }
    }

    /** Writes one request as it appears inside an entry. */
    public static void write(Request r, ByteBuffer buffer) {
        buffer.putLong(r.clientId());
        buffer.putLong(r.requestId());
        buffer.putInt(r.origin());
        buffer.put((byte) (r.readOnly() ? 1 : 0));
        buffer.putInt(r.command().length);
        buffer.put(r.command());
    }

    /** Decodes a whole array; empty if it is not exactly one well-formed entry. */
    public static Optional<Entry> decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Optional<Entry> entry = read(buffer);
        return buffer.hasRemaining() ? Optional.empty() : entry;
    }

    /** Reads one entry at the buffer's position; empty (position undefined) if malformed. */
    public static Optional<Entry> read(ByteBuffer buffer) {
        try {
            int count = buffer.getInt();
            if (count < 0 || count > REQUESTS_MAX) {
                return Optional.empty();
            }
            List<Request> requests = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                long clientId = buffer.getLong();
                long requestId = buffer.getLong();
                int origin = buffer.getInt();
                byte readOnly = buffer.get();
                int length = buffer.getInt();
                if (origin < 0 || (readOnly != 0 && readOnly != 1) || length < 0 || length > buffer.remaining()) {
                    return Optional.empty();
                }
                byte[] command = new byte[length];
                buffer.get(command);
                requests.add(new Request(clientId, requestId, origin, readOnly == 1, command));
            }
            return Optional.of(new Entry(requests));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
