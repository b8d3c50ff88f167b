package dev.ios.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One {@code key = value} line of a configuration file.
 *
 * @param section the enclosing section's name, lower-cased (section names are case-insensitive)
 * @param key the key as written in the file (compare with {@link #name()})
 * @param value the value with quotes and escapes resolved and surrounding whitespace removed;
 *     inner whitespace is kept as written
 * @param line the 1-based line number the entry is on
 */
public record IniEntry(String section, String key, String value, int line) {

    /** Checks that no component is null and that {@code line >= 1}. */
    public IniEntry {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, was " + line);
        }
    }

    /** The key lower-cased, for case-insensitive lookups. */
    public String name() {
        return key.toLowerCase(Locale.ROOT);
    }
}
