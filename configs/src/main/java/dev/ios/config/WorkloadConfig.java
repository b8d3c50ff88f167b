package dev.ios.config;

import java.nio.file.Path;

/**
 * A workload for the generator in {@code bench/}: Ios's {@code [config]} section. The generator
 * sends {@code requests} requests one after another, each a read with probability {@code
 * readsPercent}%, on keys drawn from {@code keys} distinct keys.
 *
 * @param readsPercent the share of reads, the rest being writes; key {@code reads}, 0 to 100,
 *     default 0
 * @param intervalMs the pause between a reply and the next request, in milliseconds; key {@code
 *     interval}, {@code >= 0}, default 0
 * @param keys how many distinct keys to use; key {@code keys}, required, {@code >= 1}
 * @param keySize the length of each key, in characters; key {@code keySize}, required, {@code >= 1}
 * @param valueSize the length of each written value, in characters; key {@code valueSize},
 *     required, {@code >= 1}
 * @param requests stop after this many requests have completed; key {@code requests}, required,
 *     {@code >= 1}
 */
public record WorkloadConfig(int readsPercent, int intervalMs, int keys, int keySize, int valueSize, int requests) {

    static final String SECTION = "config";
    static final IntRange READS = new IntRange(0, 100);
    static final IntRange INTERVAL = IntRange.atLeast(0);
    static final IntRange AT_LEAST_ONE = IntRange.atLeast(1);
    static final ConfigSchema SCHEMA = ConfigSchema.create()
            .section(SECTION, "reads", "interval", "keys", "keySize", "valueSize", "requests");

    /** Validates every value; throws {@link IllegalArgumentException} saying what is allowed. */
    public WorkloadConfig {
        READS.require("reads", readsPercent);
        INTERVAL.require("interval", intervalMs);
        AT_LEAST_ONE.require("keys", keys);
        AT_LEAST_ONE.require("keySize", keySize);
        AT_LEAST_ONE.require("valueSize", valueSize);
        AT_LEAST_ONE.require("requests", requests);
    }

    /** Reads and validates a workload file. */
    public static WorkloadConfig read(Path file) throws ConfigException {
        return from(IniParser.read(file));
    }

    /** Parses and validates workload text; {@code source} names it in messages. */
    public static WorkloadConfig parse(String source, String text) throws ConfigException {
        return from(IniParser.parse(source, text));
    }

    /** Validates a parsed document as a workload. */
    public static WorkloadConfig from(IniDocument document) throws ConfigException {
        ConfigReader reader = ConfigReader.of(document, SCHEMA);
        return new WorkloadConfig(
                reader.optionalInt(SECTION, "reads", READS, 0),
                reader.optionalInt(SECTION, "interval", INTERVAL, 0),
                reader.requiredInt(SECTION, "keys", AT_LEAST_ONE),
                reader.requiredInt(SECTION, "keySize", AT_LEAST_ONE),
                reader.requiredInt(SECTION, "valueSize", AT_LEAST_ONE),
                reader.requiredInt(SECTION, "requests", AT_LEAST_ONE));
    }

    /** The workload in Ios's format; {@link #parse} reads it back equal. */
    public String toConfigText() {
        return new IniWriter()
                .comment("Ios workload configuration.")
                .section(SECTION)
                .entry("reads", Integer.toString(readsPercent))
                .entry("interval", Integer.toString(intervalMs))
                .entry("keys", Integer.toString(keys))
                .entry("keySize", Integer.toString(keySize))
                .entry("valueSize", Integer.toString(valueSize))
                .entry("requests", Integer.toString(requests))
                .toString();
    }
}
