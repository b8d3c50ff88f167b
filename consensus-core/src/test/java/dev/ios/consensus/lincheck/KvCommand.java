package dev.ios.consensus.lincheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One key-value command as Ios's {@code services/store.go} reads it, for {@link KvModel}.
 *
 * <p>A request line holds commands joined by {@code "; "}; each command is words separated by
 * single spaces ({@code update <key> <value>}, {@code get|exists|delete <key>}, {@code count},
 * {@code print}). Anything else, including a wrong number of words (so a double space), is
 * unrecognised, answered as Ios answers it. Beyond Ios, a word that starts with {@code "} runs to
 * the next {@code "} that ends a word, and stands for the text between the quotes, so {@code
 * update A "x y"} stores {@code x y}; there are no escapes.
 */
sealed interface KvCommand {

    /** Ios's answer to an unrecognised {@code update} (sic: differs from the other commands). */
    String UPDATE_NOT_RECOGNISED = "not recognised";
    /** Ios's answer to any other unrecognised command. */
    String REQUEST_NOT_RECOGNISED = "request not recognised";

    /** {@code update key value}: answers {@code OK}. */
    record Update(String key, String value) implements KvCommand {}

    /** {@code get key}: answers the value or {@code key not found}. */
    record Get(String key) implements KvCommand {}

    /** {@code exists key}: answers {@code true} or {@code false}. */
    record Exists(String key) implements KvCommand {}

    /** {@code delete key}: answers {@code OK}, present or not. */
    record Delete(String key) implements KvCommand {}

    /** {@code count}: answers the number of keys. */
    record Count() implements KvCommand {}

    /** {@code print}: answers one {@code key, value\n} line per key, in any order. */
    record Print() implements KvCommand {}

    /** Not a command: answered with {@code response}, changes nothing. */
    record Unrecognised(String response) implements KvCommand {}

    /** The keys this command reads or writes; empty for count, print and unrecognised commands. */
    default Set<String> keys() {
        if (this instanceof Update u) {
            return Set.of(u.key());
        } else if (this instanceof Get g) {
            return Set.of(g.key());
        } else if (this instanceof Exists e) {
            return Set.of(e.key());
        } else if (this instanceof Delete d) {
            return Set.of(d.key());
        }
        return Set.of();
    }

    /** True for count and print, whose answers depend on every key. */
    default boolean readsAllKeys() {
        return this instanceof Count || this instanceof Print;
    }

    /** True if the command never changes the store. */
    default boolean isReadOnly() {
        return !(this instanceof Update || this instanceof Delete);
    }

    /** Parses a request line (commands joined by {@code "; "}); never throws on any string. */
    static List<KvCommand> parseLine(String line) {
        String request = trimNewlines(line);
        List<KvCommand> commands = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < request.length(); i++) {
            char c = request.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ';' && i + 1 < request.length() && request.charAt(i + 1) == ' ') {
                commands.add(parse(request.substring(start, i)));
                start = i + 2;
                i++;
            }
        }
        commands.add(parse(request.substring(start)));
        return commands;
    }

    /** Parses one command; never throws on any string. */
    static KvCommand parse(String command) {
        List<String> words = words(command);
        switch (words.get(0)) {
            case "update":
                return words.size() == 3 ? new Update(words.get(1), words.get(2)) : new Unrecognised(UPDATE_NOT_RECOGNISED);
            case "get":
                return words.size() == 2 ? new Get(words.get(1)) : new Unrecognised(REQUEST_NOT_RECOGNISED);
            case "exists":
                return words.size() == 2 ? new Exists(words.get(1)) : new Unrecognised(REQUEST_NOT_RECOGNISED);
            case "delete":
                return words.size() == 2 ? new Delete(words.get(1)) : new Unrecognised(REQUEST_NOT_RECOGNISED);
            case "count":
                return words.size() == 1 ? new Count() : new Unrecognised(REQUEST_NOT_RECOGNISED);
            case "print":
                return words.size() == 1 ? new Print() : new Unrecognised(REQUEST_NOT_RECOGNISED);
            default:
                return new Unrecognised(REQUEST_NOT_RECOGNISED);
        }
    }

    /** Splits on single spaces like Go's strings.Split (so empty words count), honouring quotes. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i < command.length() && command.charAt(i) == '"') {
                int close = closingQuote(command, i + 1);
                if (close >= 0) {
                    words.add(command.substring(i + 1, close));
                    if (close + 1 == command.length()) {
                        return words;
                    }
                    i = close + 2; // skip the quote and the space after it
                    continue;
                }
            }
            int space = command.indexOf(' ', i);
            if (space < 0) {
                words.add(command.substring(i));
                return words;
            }
            words.add(command.substring(i, space));
            i = space + 1;
        }
    }

    /** The index of the first quote at or after {@code from} that ends a word, or -1. */
    private static int closingQuote(String command, int from) {
        for (int i = command.indexOf('"', from); i >= 0; i = command.indexOf('"', i + 1)) {
            if (i + 1 == command.length() || command.charAt(i + 1) == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static String trimNewlines(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && line.charAt(start) == '\n') {
            start++;
        }
        while (end > start && line.charAt(end - 1) == '\n') {
            end--;
        }
        return line.substring(start, end);
    }
}
