package dev.ios.consensus.message;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.EntryCodec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binary form of peer {@link Message}s: one kind byte, then the fields big-endian in record
 * order; entries use {@link EntryCodec}; lists are an {@code int} count then the items. Transports
 * add their own frame (length prefix, handshake).
 *
 * <p>Decoding never throws on bad input: a truncated, oversized or malformed message decodes to
 * empty, so a peer sending garbage is dropped and counted, never a crash (STYLE.md §6).
 */
public final class MessageCodec {

    /** Upper bound on list lengths accepted by the decoder. */
    public static final int LIST_MAX = 1 << 20;

    private static final byte HEARTBEAT = 1;
    private static final byte FORWARD = 2;
    private static final byte COORDINATE = 3;
    private static final byte PREPARE = 4;
    private static final byte PREPARE_OK = 5;
    private static final byte COMMIT = 6;
    private static final byte NEW_VIEW = 7;
    private static final byte NEW_VIEW_OK = 8;
    private static final byte STALE_VIEW = 9;
    private static final byte COPY_REQUEST = 10;
    private static final byte COPY_REPLY = 11;
    private static final byte READ_QUERY = 12;
    private static final byte READ_QUERY_REPLY = 13;
    private static final byte READ_CONFIRM = 14;
    private static final byte READ_CONFIRM_OK = 15;
    private static final byte SNAPSHOT_CHUNK = 16;

    /** Upper bound on a snapshot piece accepted by the decoder. */
    public static final int CHUNK_BYTES_MAX = 8 << 20;

    private MessageCodec() {}

    /** The encoded size of {@code m} in bytes. */
    public static int size(Message m) {
        if (m instanceof Message.Heartbeat || m instanceof Message.PrepareOk || m instanceof Message.Commit
                || m instanceof Message.NewView || m instanceof Message.CopyRequest || m instanceof Message.ReadQuery
                || m instanceof Message.ReadConfirm || m instanceof Message.ReadConfirmOk) {
            return 1 + 16;
        }
        if (m instanceof Message.StaleView) {
            return 1 + 8;
        }
        if (m instanceof Message.ReadQueryReply) {
            return 1 + 24;
        }
        if (m instanceof Message.Forward f) {
            // Encoded as a one-request entry, without building one on the hot path.
            return 1 + 8 + 4 + EntryCodec.size(f.request());
        }
        if (m instanceof Message.Coordinate c) {
            return 1 + 24 + EntryCodec.size(c.entry());
        }
        if (m instanceof Message.Prepare p) {
            return 1 + 24 + EntryCodec.size(p.entry());
        }
        if (m instanceof Message.NewViewOk n) {
            return 1 + 24 + size(n.entries());
        }
        if (m instanceof Message.CopyReply c) {
            return 1 + 16 + size(c.entries());
        }
        if (m instanceof Message.SnapshotChunk c) {
            return 1 + 32 + 1 + 4 + c.data().length;
        }
        throw new IllegalArgumentException("unknown message " + m);
    }

    private static int size(List<Accepted> entries) {
        int size = 4;
        for (Accepted a : entries) {
            size += 16 + EntryCodec.size(a.entry());
        }
        return size;
    }

    /** Encodes {@code m} into a new array. */
    public static byte[] encode(Message m) {
        ByteBuffer buffer = ByteBuffer.allocate(size(m));
        write(m, buffer);
        return buffer.array();
    }

    /** Writes {@code m} at the buffer's position; the buffer must have {@link #size} bytes left. */
    public static void write(Message m, ByteBuffer b) {
        if (m instanceof Message.Heartbeat h) {
            b.put(HEARTBEAT).putLong(h.view()).putLong(h.commitIndex());
        } else if (m instanceof Message.Forward f) {
            b.put(FORWARD).putLong(f.view()).putInt(1);
            EntryCodec.write(f.request(), b);
        } else if (m instanceof Message.Coordinate c) {
            b.put(COORDINATE).putLong(c.view()).putLong(c.index()).putLong(c.commitIndex());
            EntryCodec.write(c.entry(), b);
        } else if (m instanceof Message.Prepare p) {
            b.put(PREPARE).putLong(p.view()).putLong(p.index()).putLong(p.commitIndex());
            EntryCodec.write(p.entry(), b);
        } else if (m instanceof Message.PrepareOk p) {
            b.put(PREPARE_OK).putLong(p.view()).putLong(p.index());
        } else if (m instanceof Message.Commit c) {
            b.put(COMMIT).putLong(c.view()).putLong(c.index());
        } else if (m instanceof Message.NewView n) {
            b.put(NEW_VIEW).putLong(n.view()).putLong(n.commitIndex());
        } else if (m instanceof Message.NewViewOk n) {
            b.put(NEW_VIEW_OK).putLong(n.view()).putLong(n.commitIndex()).putLong(n.discardedBefore());
            writeList(n.entries(), b);
        } else if (m instanceof Message.StaleView s) {
            b.put(STALE_VIEW).putLong(s.view());
        } else if (m instanceof Message.CopyRequest c) {
            b.put(COPY_REQUEST).putLong(c.view()).putLong(c.fromIndex());
        } else if (m instanceof Message.CopyReply c) {
            b.put(COPY_REPLY).putLong(c.view()).putLong(c.commitIndex());
            writeList(c.entries(), b);
        } else if (m instanceof Message.ReadQuery q) {
            b.put(READ_QUERY).putLong(q.view()).putLong(q.round());
        } else if (m instanceof Message.ReadQueryReply r) {
            b.put(READ_QUERY_REPLY).putLong(r.view()).putLong(r.round()).putLong(r.readIndex());
        } else if (m instanceof Message.ReadConfirm c) {
            b.put(READ_CONFIRM).putLong(c.view()).putLong(c.round());
        } else if (m instanceof Message.ReadConfirmOk c) {
            b.put(READ_CONFIRM_OK).putLong(c.view()).putLong(c.round());
        } else if (m instanceof Message.SnapshotChunk c) {
            b.put(SNAPSHOT_CHUNK).putLong(c.view()).putLong(c.index()).putLong(c.snapshotView()).putLong(c.offset())
                    .put((byte) (c.last() ? 1 : 0)).putInt(c.data().length).put(c.data());
        } else {
            throw new IllegalArgumentException("unknown message " + m);
        }
    }

    private static void writeList(List<Accepted> entries, ByteBuffer b) {
        b.putInt(entries.size());
        for (Accepted a : entries) {
            b.putLong(a.index()).putLong(a.view());
            EntryCodec.write(a.entry(), b);
        }
    }

    /** Decodes a whole array; empty unless it is exactly one well-formed message. */
    public static Optional<Message> decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Optional<Message> m = read(buffer);
        return buffer.hasRemaining() ? Optional.empty() : m;
    }

    /**
     * Reads one message at the buffer's position. Empty if malformed (then the position is
     * undefined). Views, indices and counts must be non-negative.
     */
    public static Optional<Message> read(ByteBuffer b) {
        try {
            return Optional.ofNullable(readOrNull(b));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // IllegalArgumentException: a record constructor refused a decoded value.
            return Optional.empty();
        }
    }

    private static Message readOrNull(ByteBuffer b) {
        byte kind = b.get();
        long view = b.getLong();
        if (view < 0) {
            return null;
        }
        switch (kind) {
            case HEARTBEAT:
                return new Message.Heartbeat(view, natural(b));
            case FORWARD: {
                Entry entry = EntryCodec.read(b).orElse(null);
                return entry == null || entry.requests().size() != 1 ? null
                        : new Message.Forward(view, entry.requests().get(0));
            }
            case COORDINATE: {
                long index = natural(b);
                long commit = natural(b);
                Entry entry = EntryCodec.read(b).orElse(null);
                return entry == null ? null : new Message.Coordinate(view, index, entry, commit);
            }
            case PREPARE: {
                long index = natural(b);
                long commit = natural(b);
                Entry entry = EntryCodec.read(b).orElse(null);
                return entry == null ? null : new Message.Prepare(view, index, entry, commit);
            }
            case PREPARE_OK:
                return new Message.PrepareOk(view, natural(b));
            case COMMIT:
                return new Message.Commit(view, natural(b));
            case NEW_VIEW:
                return new Message.NewView(view, natural(b));
            case NEW_VIEW_OK: {
                long commit = natural(b);
                long discardedBefore = natural(b);
                List<Accepted> entries = readList(b);
                return entries == null ? null : new Message.NewViewOk(view, commit, discardedBefore, entries);
            }
            case STALE_VIEW:
                return new Message.StaleView(view);
            case COPY_REQUEST:
                return new Message.CopyRequest(view, natural(b));
            case COPY_REPLY: {
                long commit = natural(b);
                List<Accepted> entries = readList(b);
                return entries == null ? null : new Message.CopyReply(view, commit, entries);
            }
            case READ_QUERY:
                return new Message.ReadQuery(view, natural(b));
            case READ_QUERY_REPLY: {
                long round = natural(b);
                return new Message.ReadQueryReply(view, round, natural(b));
            }
            case READ_CONFIRM:
                return new Message.ReadConfirm(view, natural(b));
            case READ_CONFIRM_OK:
                return new Message.ReadConfirmOk(view, natural(b));
            case SNAPSHOT_CHUNK: {
                long index = natural(b);
                long snapshotView = natural(b);
                long offset = natural(b);
                byte last = b.get();
                int length = b.getInt();
                if ((last != 0 && last != 1) || length < 0 || length > CHUNK_BYTES_MAX || length > b.remaining()) {
                    return null;
                }
                byte[] data = new byte[length];
                b.get(data);
                return new Message.SnapshotChunk(view, index, snapshotView, offset, data, last == 1);
            }
            default:
                return null;
        }
    }

    /** Reads a long that must be >= 0; a negative one makes the message malformed. */
    private static long natural(ByteBuffer b) {
        long value = b.getLong();
        if (value < 0) {
            throw new IllegalArgumentException("negative field");
        }
        return value;
    }

    private static List<Accepted> readList(ByteBuffer b) {
        int count = b.getInt();
        if (count < 0 || count > LIST_MAX || count > b.remaining() / 20) {
            return null;
        }
        List<Accepted> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long index = natural(b);
            long view = natural(b);
            Entry entry = EntryCodec.read(b).orElse(null);
            if (entry == null) {
                return null;
            }
            entries.add(new Accepted(index, view, entry));
        }
        return entries;
    }
}
