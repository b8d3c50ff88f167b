package dev.ios.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which sections and keys one kind of config file allows, with their canonical spelling, and
 * which keys may repeat. Immutable once built.
 */
final class ConfigSchema {

    // Lower-cased section name -> (lower-cased key -> canonical key), in documentation order.
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    private final Set<String> repeatable = new TreeSet<>();
    private final Map<String, String> hints = new LinkedHashMap<>();

    private ConfigSchema() {}

    /** Starts an empty schema. */
    static ConfigSchema create() {
        return new ConfigSchema();
    }

    /** Allows {@code [section]} with exactly these keys, each at most once. */
    ConfigSchema section(String section, String... keys) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String key : keys) {
            byName.put(key.toLowerCase(Locale.ROOT), key);
        }
        sections.put(section, byName);
        return this;
    }

    /** Lets {@code key} of {@code section} appear any number of times. */
    ConfigSchema repeatable(String section, String key) {
        repeatable.add(section + "." + key.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Adds advice to the message refusing {@code [section]}, e.g. for an older Ios layout. */
    ConfigSchema hint(String section, String advice) {
        hints.put(section, advice);
        return this;
    }

    boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    /** The canonical spelling of a key, or null if the section does not allow it. */
    String canonicalKey(String section, String key) {
        Map<String, String> keys = sections.get(section);
        return keys == null ? null : keys.get(key.toLowerCase(Locale.ROOT));
    }

    boolean isRepeatable(String section, String key) {
        return repeatable.contains(section + "." + key.toLowerCase(Locale.ROOT));
    }

    String hint(String section) {
        return hints.getOrDefault(section, "");
    }

    /** E.g. {@code [algorithm], [performance]}. */
    String describeSections() {
        return sections.keySet().stream().map(s -> "[" + s + "]").collect(Collectors.joining(", "));
    }

    /** The keys of a section, canonical, in documentation order. */
    List<String> keys(String section) {
        return List.copyOf(sections.get(section).values());
    }
}
