package dev.ios.kvstore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random keys, values, commands and lines for the property tests, all drawn from one seeded
 * {@link SplittableRandom} so a failing case replays from its seed. Words lean towards the
 * characters the grammar treats specially (space, quote, backslash, semicolon, line breaks).
 */
final class Gen {

    private static final String[] SPECIAL = {
        " ", "\"", "\\", ";", "; ", "\n", "\r", "\t", "\u0000", "é", "\uD83D\uDE00", "\\\"", "\"\"", ",", "a", "Z", "7",
    };

    final SplittableRandom random;

    Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    int between(int lowInclusive, int highInclusive) {
        return random.nextInt(lowInclusive, highInclusive + 1);
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A key or value: usually plain like Ios's, often with special characters, sometimes empty. */
    String word() {
        int kind = random.nextInt(10);
        if (kind < 4) {
            return plain(between(1, 4));
        }
        if (kind == 4) {
            return "";
        }
        if (kind == 5) {
            return plain(between(1, 3)) + " " + plain(between(1, 3));
        }
        StringBuilder out = new StringBuilder();
        int parts = between(1, 5);
        for (int i = 0; i < parts; i++) {
            out.append(chance(0.5) ? SPECIAL[random.nextInt(SPECIAL.length)] : plain(between(1, 2)));
        }
        return out.toString();
    }

    /** Letters and digits only: a word Ios and we read the same way, bare. */
    String plain(int length) {
        String alphabet = "ABCabc0123xyz";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** A random operation over {@code keys}, with values from {@link #word()}. */
    Command.Operation operation(List<String> keys) {
        switch (random.nextInt(8)) {
            case 0:
                return new Command.Get(pick(keys));
            case 1:
                return new Command.Exists(pick(keys));
            case 2:
            case 3:
            case 4:
                return new Command.Update(pick(keys), word());
            case 5:
                return new Command.Delete(pick(keys));
            case 6:
                return new Command.Count();
            default:
                return new Command.Print();
        }
    }

    /** One operation, or two to four joined. */
    Command command(List<String> keys) {
        if (chance(0.7)) {
            return operation(keys);
        }
        List<Command.Operation> operations = new ArrayList<>();
        int n = between(2, 4);
        for (int i = 0; i < n; i++) {
            operations.add(operation(keys));
        }
        return new Command.Joined(operations);
    }

    /** A few distinct keys, so that commands collide on them. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        int n = between(1, 6);
        while (keys.size() < n) {
            String key = word();
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Random bytes, any values. */
    byte[] bytes(int lengthMax) {
        byte[] bytes = new byte[between(0, lengthMax)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A random line made of the characters the grammar cares about, and lone surrogates. */
    String noisyLine() {
        String[] pieces = {"get", "update", "exists", "delete", "count", "print", " ", "  ", "\"", "\\", ";", "; ",
            "\n", "\r", "A", "b c", "\uD800", "\uDC00", "\uD83D\uDE00", "\\\"", "\\\\", "\\n"};
        StringBuilder out = new StringBuilder();
        int n = between(0, 12);
        for (int i = 0; i < n; i++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
