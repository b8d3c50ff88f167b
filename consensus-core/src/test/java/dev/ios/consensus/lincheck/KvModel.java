package dev.ios.consensus.lincheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The sequential specification of Ios's key-value store, over request lines and response
 * strings exactly as clients see them: inputs such as {@code update A 1}, {@code get A}, {@code
 * exists A}, {@code delete A}, {@code count}, {@code print}, or several joined by {@code "; "}
 * (applied atomically, answers joined by {@code "; "}); outputs {@code OK}, the value, {@code key
 * not found}, {@code true}/{@code false}, the count. See {@link KvCommand} for the grammar,
 * including quoted values. {@code print} may list keys in any order.
 *
 * <p>Partitioning: operations that touch common keys are checked together (connected components
 * of "shares a key"), so single-key commands are checked per key and {@code update A 1; get B}
 * joins A and B. {@code count} and {@code print} read every key, so a history containing a known
 * one is checked whole, which is far slower: keep them out of large histories. Unknown read-only
 * operations are dropped first: they change nothing and any answer is acceptable, so they cannot
 * affect the verdict.
 *
 * <p>States are immutable maps from key to value. Stateless; share {@link #INSTANCE}.
 */
public final class KvModel implements Model<Map<String, String>, String, String> {

    /** The one instance. */
    public static final KvModel INSTANCE = new KvModel();

    /** The part name for a history checked whole because of {@code count} or {@code print}. */
    public static final String ALL_KEYS = "(all keys)";
    /** The part name for operations that touch no key (unrecognised commands only). */
    public static final String NO_KEY = "(no key)";

    private KvModel() {}

    @Override
    public Map<String, String> initialState() {
        return Map.of();
    }

    @Override
    public Optional<Map<String, String>> step(Map<String, String> state, String input, String output) {
        Map<String, String> store = state;
        boolean copied = false;
        // The expected answer as segments: a String must appear verbatim; a List<String> is a
        // print's lines, which may appear in any order.
        List<Object> expected = new ArrayList<>();
        for (KvCommand command : KvCommand.parseLine(input)) {
            if (!expected.isEmpty()) {
                expected.add("; ");
            }
            if (!command.isReadOnly() && !copied) {
                store = new HashMap<>(state);
                copied = true;
            }
            expected.add(command instanceof KvCommand.Print ? printLines(store) : apply(command, store));
        }
        if (output != null && !matches(expected, output)) {
            return Optional.empty();
        }
        return Optional.of(copied ? Map.copyOf(store) : state);
    }

    @Override
    public Map<String, List<Operation<String, String>>> partition(List<Operation<String, String>> history) {
        List<Operation<String, String>> relevant = new ArrayList<>();
        List<Set<String>> keysOf = new ArrayList<>();
        boolean readsAll = false;
        for (Operation<String, String> operation : history) {
            List<KvCommand> commands = KvCommand.parseLine(operation.input());
            boolean readOnly = commands.stream().allMatch(KvCommand::isReadOnly);
            if (operation.isUnknown() && readOnly) {
                continue;
            }
            relevant.add(operation);
            keysOf.add(commands.stream().flatMap(c -> c.keys().stream()).collect(Collectors.toSet()));
            readsAll |= commands.stream().anyMatch(KvCommand::readsAllKeys);
        }
        if (readsAll) {
            return Map.of(ALL_KEYS, relevant);
        }
        var components = new KeyComponents();
        keysOf.forEach(components::join);
        Map<String, List<Operation<String, String>>> parts = new TreeMap<>();
        for (int i = 0; i < relevant.size(); i++) {
            Set<String> keys = keysOf.get(i);
            String name = keys.isEmpty() ? NO_KEY : components.nameOf(keys.iterator().next());
            parts.computeIfAbsent(name, k -> new ArrayList<>()).add(relevant.get(i));
        }
        return parts;
    }

    /** Applies a command other than print to {@code store} (mutable if it writes); returns its answer. */
    private static String apply(KvCommand command, Map<String, String> store) {
        if (command instanceof KvCommand.Update u) {
            store.put(u.key(), u.value());
            return "OK";
        } else if (command instanceof KvCommand.Delete d) {
            store.remove(d.key());
            return "OK";
        } else if (command instanceof KvCommand.Get g) {
            String value = store.get(g.key());
            return value == null ? "key not found" : value;
        } else if (command instanceof KvCommand.Exists e) {
            return Boolean.toString(store.containsKey(e.key()));
        } else if (command instanceof KvCommand.Count) {
            return Integer.toString(store.size());
        } else if (command instanceof KvCommand.Unrecognised r) {
            return r.response();
        }
        throw new IllegalArgumentException("unexpected command " + command);
    }

    private static List<String> printLines(Map<String, String> store) {
        List<String> lines = new ArrayList<>();
        store.forEach((key, value) -> lines.add(key + ", " + value + "\n"));
        Collections.sort(lines);
        return lines;
    }

    /** True if {@code output} is the expected segments in order, each print's lines in any order. */
    private static boolean matches(List<Object> expected, String output) {
        int position = 0;
        for (Object segment : expected) {
            if (segment instanceof String text) {
                if (!output.startsWith(text, position)) {
                    return false;
                }
                position += text.length();
            } else {
                @SuppressWarnings("unchecked")
                List<String> lines = (List<String>) segment;
                int length = lines.stream().mapToInt(String::length).sum();
                if (position + length > output.length()) {
                    return false;
                }
                List<String> seen = linesOf(output.substring(position, position + length));
                Collections.sort(seen);
                if (!seen.equals(lines)) {
                    return false;
                }
                position += length;
            }
        }
        return position == output.length();
    }

    /** Splits after each newline, keeping it; a last line without one is kept as is. */
    private static List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            lines.add(text.substring(start, end + 1));
            start = end + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Union-find over keys: keys written or read by one operation belong together. */
    private static final class KeyComponents {
        private final Map<String, String> parent = new HashMap<>();
        private final Map<String, String> nameOfRoot = new HashMap<>();

        void join(Set<String> keys) {
            String first = null;
            for (String key : keys) {
                parent.putIfAbsent(key, key);
                if (first == null) {
                    first = key;
                } else {
                    parent.put(root(key), root(first));
                }
            }
        }

        /** The component's keys, sorted and joined by commas (abbreviated beyond three). */
        String nameOf(String key) {
            return nameOfRoot.computeIfAbsent(root(key), this::nameOfComponent);
        }

        private String nameOfComponent(String root) {
            var members = new TreeSet<String>();
            for (String candidate : parent.keySet()) {
                if (root(candidate).equals(root)) {
                    members.add(candidate);
                }
            }
            if (members.size() <= 3) {
                return String.join(",", members);
            }
            return members.stream().limit(3).collect(Collectors.joining(",")) + ",+" + (members.size() - 3) + " more";
        }

        private String root(String key) {
            String current = key;
            while (!parent.get(current).equals(current)) {
                current = parent.get(current);
            }
            return current;
        }
    }
}
