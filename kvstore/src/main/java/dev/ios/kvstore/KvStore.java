package dev.ios.kvstore;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The key-value data and the meaning of each command, without sessions. {@link KvStateMachine}
 * wraps it with exactly-once sessions and snapshots.
 *
 * <p>Not thread-safe: one thread owns it. Never throws for a non-null command.
 */
final class KvStore {

    // A TreeMap, not a HashMap: print and snapshots iterate it, and that order must be the same
    // on every server (String.compareTo: UTF-16 code units).
    private final TreeMap<String, String> data = new TreeMap<>();

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
            String value = data.get(get.key());
            return value == null ? Responses.KEY_NOT_FOUND : value;
        } else if (operation instanceof Command.Exists exists) {
            return Boolean.toString(data.containsKey(exists.key()));
        } else if (operation instanceof Command.Update update) {
            data.put(update.key(), update.value());
            return Responses.OK;
        } else if (operation instanceof Command.Delete delete) {
            data.remove(delete.key());
            return Responses.OK;
        } else if (operation instanceof Command.Count) {
            return Integer.toString(data.size());
        } else if (operation instanceof Command.Print) {
            return print(data);
        }
        throw new IllegalArgumentException("unknown operation " + operation);
    }

    /** Ios's print format: {@code key, value\n} per pair, in key order; empty for an empty store. */
    static String print(Map<String, String> pairs) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            out.append(pair.getKey()).append(", ").append(pair.getValue()).append('\n');
        }
        return out.toString();
    }

    /** The pairs in key order, read-only; for snapshots. */
    NavigableMap<String, String> pairs() {
        return Collections.unmodifiableNavigableMap(data);
    }

    /** Replaces every pair with {@code pairs}; for restore. */
    void replaceWith(Map<String, String> pairs) {
        data.clear();
        data.putAll(pairs);
    }
}
