package dev.ios.kvstore;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key-value data and the meaning of each command, without sessions. {@link KvStateMachine}
 * wraps it with exactly-once sessions and snapshots.
 *
 * <p>Not thread-safe: one thread owns it. Never throws for a non-null command.
 */
final class KvStore {

    // A TreeMap, not a HashMap: print and snapshots iterate it, and that order must be the same
    // on every server (String.compareTo: UTF-16 code units, which Utf16Order gives on the bytes).
    // Keys and values are kept as their UTF-8 bytes, not as Strings: a String adds a 24-byte
    // object per key and per value for nothing, since they are only stored, compared, answered
    // and snapshotted (1,000,000 keys of 100 B, measured: 240 -> 192 B per key).
    // The arrays are never mutated and never handed out.
    private final TreeMap<byte[], byte[]> data = new TreeMap<>(Utf16Order.INSTANCE);

    /** Executes {@code command} and returns its response; {@code Joined} parts run in order. */
    String execute(Command command) {
        if (command instanceof Command.Joined joined) {
            StringBuilder response = new StringBuilder();
            for (int i = 0; i < joined.operations().size(); i++) {
                if (i > 0) {
                    response.append(Responses.JOIN);
                }
                response.append(execute(joined.operations().get(i)));
            }
            return response.toString();
        }
        return execute((Command.Operation) command);
    }

    private String execute(Command.Operation operation) {
        if (operation instanceof Command.Get get) {
            byte[] value = data.get(utf8(get.key()));
            return value == null ? Responses.KEY_NOT_FOUND : text(value);
        } else if (operation instanceof Command.Exists exists) {
            return Boolean.toString(data.containsKey(utf8(exists.key())));
        } else if (operation instanceof Command.Update update) {
            data.put(utf8(update.key()), utf8(update.value()));
            return Responses.OK;
        } else if (operation instanceof Command.Delete delete) {
            data.remove(utf8(delete.key()));
            return Responses.OK;
        } else if (operation instanceof Command.Count) {
            return Integer.toString(data.size());
        } else if (operation instanceof Command.Print) {
            return print(data);
        }
        throw new IllegalArgumentException("unknown operation " + operation);
    }

    /** Ios's print format: {@code key, value\n} per pair, in key order; empty for an empty store. */
    static String print(Map<byte[], byte[]> pairs) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<byte[], byte[]> pair : pairs.entrySet()) {
            out.append(text(pair.getKey())).append(", ").append(text(pair.getValue())).append('\n');
        }
        return out.toString();
    }

    /**
     * Every key and value, in key order, as UTF-8 (index i of {@code keys} goes with index i of
     * {@code values}); for snapshots. Only the references are copied — the arrays are immutable —
     * so later changes to the store do not show in it, and another thread may read it.
     */
    record Pairs(byte[][] keys, byte[][] values) {}

    /** A copy of every pair's references in key order: O(pairs), 8 bytes per pair (compressed references). */
    Pairs copyPairs() {
        byte[][] keys = new byte[data.size()][];
        byte[][] values = new byte[keys.length][];
        int i = 0;
        for (Map.Entry<byte[], byte[]> pair : data.entrySet()) {
            keys[i] = pair.getKey();
            values[i] = pair.getValue();
            i++;
        }
        return new Pairs(keys, values);
    }

    /**
     * Replaces every pair with {@code pairs} (keys and values as valid UTF-8, ordered by
     * {@link Utf16Order}, which the store keeps without copying); for restore.
     */
    void replaceWith(Map<byte[], byte[]> pairs) {
        data.clear();
        data.putAll(pairs);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
