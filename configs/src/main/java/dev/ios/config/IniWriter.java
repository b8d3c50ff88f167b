package dev.ios.config;

import java.util.Locale;

/**
 * Writes configuration text that {@link IniParser} reads back to the same sections, keys and
 * values. Values are written bare where that is unambiguous and in double quotes otherwise.
 *
 * <p>Not thread-safe; one writer builds one file.
 */
public final class IniWriter {

    private final StringBuilder text = new StringBuilder();

    /** Starts an empty file. */
    public IniWriter() {}

    /** Adds {@code ; comment} lines, one per line of {@code comment}. */
    public IniWriter comment(String comment) {
        for (String line : comment.split("\n", -1)) {
            text.append(line.isEmpty() ? ";" : "; " + line).append('\n');
        }
        return this;
    }

    /**
     * Opens {@code [name]}, after a blank line unless it is the first thing in the file.
     *
     * @throws IllegalArgumentException if the name is empty or has characters other than letters,
     *     digits, {@code -} and {@code .}
     */
    public IniWriter section(String name) {
        if (!name.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("not a section name: '" + name + "'");
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append('[').append(name).append("]\n");
        return this;
    }

    /**
     * Adds {@code key = value}.
     *
     * @throws IllegalArgumentException if the key is not a letter followed by letters, digits or
     *     {@code -}, or the value holds a control character other than tab and newline (the format
     *     has no way to write one)
     */
    public IniWriter entry(String key, String value) {
        if (!key.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("not a key: '" + key + "'");
        }
        text.append(key).append(" = ").append(formatValue(value)).append('\n');
        return this;
    }

    /** The text written so far. */
    @Override
    public String toString() {
        return text.toString();
    }

    /**
     * The value as it must appear after {@code =}: bare if the parser reads it back unchanged that
     * way, otherwise quoted with {@code \\ \" \n \t} escaped.
     */
    static String formatValue(String value) {
        boolean bare = !value.isEmpty()
                && !isBlank(value.charAt(0))
                && !isBlank(value.charAt(value.length() - 1));
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, 
                        "control character U+%04X cannot be written in a config value", (int) c));
            }
            if (c == '"' || c == '\\' || c == ';' || c == '#' || c == '\n' || c == '\t') {
                bare = false;
            }
        }
        if (bare) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
