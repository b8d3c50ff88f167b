package dev.ios.kvstore;

import java.nio.charset.StandardCharsets;

/**
 * The key-value data and the meaning of each command, without sessions. {@link KvStateMachine}
 * wraps it with exactly-once sessions and snapshots.
 *
 * <p>Not thread-safe: one thread owns it. Never throws for a non-null command.
 */
final class KvStore {

    // Sorted, not hashed: print and snapshots iterate it, and that order must be the same on
    // every server (String.compareTo: UTF-16 code units, which Utf16Order gives on the bytes).
    // Keys and values are kept as their UTF-8 bytes, not as Strings: a String adds a 24-byte
    // object per key and per value for nothing, since they are only stored, compared, answered
    // and snapshotted (1,000,000 keys of 100 B, measured: 240 -> 192 B per key).
    // A PairTree rather than a TreeMap so that a snapshot can freeze it in O(1) (see freeze()).
    // The arrays are never mutated and never handed out.
    private PairTree data = new PairTree();

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
            return Boolean.toString(data.get(utf8(exists.key())) != null);
        } else if (operation instanceof Command.Update update) {
            data.put(utf8(update.key()), utf8(update.value()));
            return Responses.OK;
        } else if (operation instanceof Command.Delete delete) {
            data.remove(utf8(delete.key()));
            return Responses.OK;
        } else if (operation instanceof Command.Count) {
            return Integer.toString(data.size());
        } else if (operation instanceof Command.Print) {
            return print(data.cursor());
        }
        throw new IllegalArgumentException("unknown operation " + operation);
    }

    /** Ios's print format: {@code key, value\n} per pair, in key order; empty for an empty store. */
    private static String print(PairTree.Cursor pairs) {
        StringBuilder out = new StringBuilder();
        while (pairs.next()) {
            out.append(text(pairs.key())).append(", ").append(text(pairs.value())).append('\n');
        }
        return out.toString();
    }

    /**
     * Every pair as it is now, for a snapshot written on another thread: O(1) here, and later
     * changes to the store do not show in it (they copy what they change, see {@link PairTree}).
     */
    PairTree.Frozen freeze() {
        return data.freeze();
    }

    /**
     * Replaces every pair with {@code pairs} (keys and values as valid UTF-8), which the store
     * takes over: the caller must not use it afterwards. For restore; frozen images of the old
     * pairs are unaffected.
     */
    void replaceWith(PairTree pairs) {
        data = pairs;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
