package dev.ios.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A configuration file is unreadable, malformed or holds a value that is not allowed. This is the
 * only exception the parsers and models of this package throw for bad input, whatever the bytes.
 *
 * <p>The message has one line and always names the file; it names the line and the key where
 * there is one, and says what is allowed, e.g. {@code configs/simple/server.conf:17: windowSize =
 * 0: must be an integer >= 1}. Checked, because a bad configuration is an expected outcome the
 * caller must handle (the server exits with status 2 and prints {@link #getMessage()}).
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;

    private ConfigException(String source, int line, String key, String message, Throwable cause) {
        // A value may hold a newline (written \n in quotes) and reach the message through a
        // problem text; escaping control characters keeps every message on one line.
        super(escapeControls(message), cause);
        this.source = source;
        this.line = line;
        this.key = key;
    }

    /**
     * A problem with a whole line (syntax) or with a file as a whole ({@code line == 0}).
     *
     * @param source the file name as the user gave it
     * @param line the 1-based line number, or 0 when the problem concerns no single line
     * @param problem what is wrong and what is allowed
     */
    public static ConfigException atLine(String source, int line, String problem) {
        return new ConfigException(source, line, null, prefix(source, line) + problem, null);
    }

    /**
     * A problem with one key, e.g. {@code server.conf:3: colour: unknown key in [algorithm]; allowed:
     * ...}. {@code line} is 0 when the key is absent from the file.
     */
    public static ConfigException atKey(String source, int line, String key, String problem) {
        Objects.requireNonNull(key, "key");
        return new ConfigException(source, line, key, prefix(source, line) + key + ": " + problem, null);
    }

    /** A value that is not allowed, e.g. {@code server.conf:17: windowSize = 0: must be an integer >= 1}. */
    public static ConfigException atValue(String source, int line, String key, String value, String problem) {
        Objects.requireNonNull(key, "key");
        return new ConfigException(
                source, line, key, prefix(source, line) + key + " = " + printable(value) + ": " + problem, null);
    }

    /** The file could not be read at all (missing, unreadable, too large). */
    public static ConfigException unreadable(String source, String problem, Throwable cause) {
        return new ConfigException(source, 0, null, prefix(source, 0) + problem, cause);
    }

    /** The file name as the user gave it. */
    public String source() {
        return source;
    }

    /** The 1-based line the problem is on; empty when it concerns the file or a missing key. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The key the problem is about, as written in the file (or its canonical spelling if absent). */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    private static String prefix(String source, int line) {
        return line > 0 ? source + ":" + line + ": " : source + ": ";
    }

    private static String escapeControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Keeps the message on one line and of sane length whatever the value holds, so an error can be
     * printed as the single line STYLE.md promises.
     */
    static String printable(String value) {
        int limit = 80;
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < value.length() && out.length() < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < value.length()) {
            out.append("...");
        }
        return out.toString();
    }
}
