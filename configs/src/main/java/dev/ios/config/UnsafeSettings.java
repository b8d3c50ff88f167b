package dev.ios.config;

import java.util.Objects;

/**
 * The {@code [unsafe]} section of a server config: settings that trade durability for speed. Both
 * keys are Ios's.
 *
 * @param dumpPersistentStorage keep the view, log and snapshots in memory only, writing no files
 *     (nothing survives a restart); key {@code dumpPersistentStorage}, default false
 * @param persistenceMode how writes are made durable; key {@code persistenceMode}, required
 */
public record UnsafeSettings(boolean dumpPersistentStorage, PersistenceMode persistenceMode) {

    static final String SECTION = "unsafe";

    /** Checks that the mode is not null. */
    public UnsafeSettings {
        Objects.requireNonNull(persistenceMode, "persistenceMode");
    }

    static void addTo(ConfigSchema schema) {
        schema.section(SECTION, "dumpPersistentStorage", "persistenceMode");
    }

    static UnsafeSettings read(ConfigReader reader) throws ConfigException {
        return new UnsafeSettings(
                reader.optionalBoolean(SECTION, "dumpPersistentStorage", false),
                reader.requiredChoice(SECTION, "persistenceMode", PersistenceMode.class));
    }

    void writeTo(IniWriter out) {
        out.section(SECTION)
                .entry("dumpPersistentStorage", Boolean.toString(dumpPersistentStorage))
                .entry("persistenceMode", persistenceMode.configName());
    }
}
