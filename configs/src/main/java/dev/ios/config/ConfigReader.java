package dev.ios.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Typed, validated access to an {@link IniDocument} checked against a {@link ConfigSchema}. Every
 * refusal is a {@link ConfigException} naming the file, the line and the key, and saying what is
 * allowed. A missing key with a default reads as the default; a missing required key is refused.
 */
final class ConfigReader {

    private final IniDocument document;
    private final ConfigSchema schema;
    // "section.key" (lower-cased) -> its entries in file order.
    private final Map<String, List<IniEntry>> entries = new HashMap<>();

    private ConfigReader(IniDocument document, ConfigSchema schema) {
        this.document = document;
        this.schema = schema;
    }

    /**
     * Checks that every section and key of the document is allowed and that no key that must
     * appear once repeats.
     */
    static ConfigReader of(IniDocument document, ConfigSchema schema) throws ConfigException {
        ConfigReader reader = new ConfigReader(document, schema);
        String source = document.source();
        for (Map.Entry<String, Integer> section : document.sectionLines().entrySet()) {
            if (!schema.hasSection(section.getKey())) {
                String hint = schema.hint(section.getKey());
                throw ConfigException.atLine(source, section.getValue(), "unknown section [" + section.getKey()
                        + "]; allowed: " + schema.describeSections() + (hint.isEmpty() ? "" : "; " + hint));
            }
        }
        for (IniEntry entry : document.entries()) {
            if (schema.canonicalKey(entry.section(), entry.key()) == null) {
                throw ConfigException.atKey(source, entry.line(), entry.key(), "unknown key in ["
                        + entry.section() + "]; allowed: " + String.join(", ", schema.keys(entry.section())));
            }
            List<IniEntry> same =
                    reader.entries.computeIfAbsent(slot(entry.section(), entry.key()), k -> new ArrayList<>());
            if (!same.isEmpty() && !schema.isRepeatable(entry.section(), entry.key())) {
                throw ConfigException.atKey(source, entry.line(), entry.key(),
                        "is set again (first on line " + same.get(0).line() + "); set it once");
            }
            same.add(entry);
        }
        return reader;
    }

    String source() {
        return document.source();
    }

    /** Every occurrence of a key, in file order; empty if absent. */
    List<IniEntry> all(String section, String key) {
        return List.copyOf(entries.getOrDefault(slot(section, key), List.of()));
    }

    Optional<IniEntry> find(String section, String key) {
        List<IniEntry> found = entries.getOrDefault(slot(section, key), List.of());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    int requiredInt(String section, String key, IntRange range) throws ConfigException {
        return parseInt(required(section, key, range.describe()), range);
    }

    int optionalInt(String section, String key, IntRange range, int defaultValue) throws ConfigException {
        Optional<IniEntry> entry = find(section, key);
        return entry.isPresent() ? parseInt(entry.get(), range) : defaultValue;
    }

    boolean optionalBoolean(String section, String key, boolean defaultValue) throws ConfigException {
        Optional<IniEntry> entry = find(section, key);
        return entry.isPresent() ? parseBoolean(entry.get()) : defaultValue;
    }

    <E extends Enum<E> & ConfigName> E requiredChoice(String section, String key, Class<E> type)
            throws ConfigException {
        return parseChoice(required(section, key, "one of " + describeChoices(type)), type);
    }

    <E extends Enum<E> & ConfigName> E optionalChoice(String section, String key, Class<E> type, E defaultValue)
            throws ConfigException {
        Optional<IniEntry> entry = find(section, key);
        return entry.isPresent() ? parseChoice(entry.get(), type) : defaultValue;
    }

    /**
     * A required string checked by {@code problem}, which returns what is wrong with a value (and
     * what is allowed) or null if it is fine.
     */
    String requiredString(String section, String key, String allowed, Function<String, String> problem)
            throws ConfigException {
        IniEntry entry = required(section, key, allowed);
        check(entry, problem.apply(entry.value()));
        return entry.value();
    }

    /** As {@link #requiredString} but {@code defaultValue} when absent. */
    String optionalString(String section, String key, String defaultValue, Function<String, String> problem)
            throws ConfigException {
        Optional<IniEntry> entry = find(section, key);
        if (entry.isEmpty()) {
            return defaultValue;
        }
        check(entry.get(), problem.apply(entry.get().value()));
        return entry.get().value();
    }

    /**
     * A refusal about a key for a check that spans several values: at the key's line if it is in
     * the file, else at its section's header (or the file), saying the default {@code value} is
     * what clashes.
     */
    ConfigException errorAt(String section, String key, String value, String problem) {
        Optional<IniEntry> entry = find(section, key);
        if (entry.isPresent()) {
            IniEntry found = entry.get();
            return ConfigException.atValue(source(), found.line(), found.key(), found.value(), problem);
        }
        return ConfigException.atKey(source(), document.sectionLines().getOrDefault(section, 0),
                schema.canonicalKey(section, key), "is not set, and its default " + value + " " + problem);
    }

    /** Refuses {@code entry} with {@code problem} unless it is null. */
    void check(IniEntry entry, String problem) throws ConfigException {
        if (problem != null) {
            throw ConfigException.atValue(source(), entry.line(), entry.key(), entry.value(), problem);
        }
    }

    private IniEntry required(String section, String key, String allowed) throws ConfigException {
        Optional<IniEntry> entry = find(section, key);
        if (entry.isEmpty()) {
            throw ConfigException.atKey(source(), document.sectionLines().getOrDefault(section, 0),
                    schema.canonicalKey(section, key),
                    "is missing; [" + section + "] must set it to " + allowed);
        }
        return entry.get();
    }

    private int parseInt(IniEntry entry, IntRange range) throws ConfigException {
        String text = entry.value();
        // Digits only (with an optional sign), so "1e3", "0x10", " 1" and "+" are all refused.
        if (!text.matches("[+-]?[0-9]{1,18}") || !range.contains(Long.parseLong(text))) {
            throw ConfigException.atValue(source(), entry.line(), entry.key(), text, "must be " + range.describe());
        }
        return Integer.parseInt(text);
    }

    private boolean parseBoolean(IniEntry entry) throws ConfigException {
        // The spellings Go's gcfg accepts for a bool, which Ios's files are read with.
        switch (entry.value().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "on":
            case "1":
                return true;
            case "false":
            case "no":
            case "off":
            case "0":
                return false;
            default:
                throw ConfigException.atValue(source(), entry.line(), entry.key(), entry.value(),
                        "must be true or false (yes/no, on/off and 1/0 also work)");
        }
    }

    private <E extends Enum<E> & ConfigName> E parseChoice(IniEntry entry, Class<E> type) throws ConfigException {
        for (E choice : type.getEnumConstants()) {
            if (choice.configName().equals(entry.value())) {
                return choice;
            }
        }
        throw ConfigException.atValue(source(), entry.line(), entry.key(), entry.value(),
                "must be one of " + describeChoices(type));
    }

    static <E extends Enum<E> & ConfigName> String describeChoices(Class<E> type) {
        return java.util.Arrays.stream(type.getEnumConstants())
                .map(ConfigName::configName)
                .collect(Collectors.joining(", "));
    }

    private static String slot(String section, String key) {
        return section + "." + key.toLowerCase(Locale.ROOT);
    }
}
