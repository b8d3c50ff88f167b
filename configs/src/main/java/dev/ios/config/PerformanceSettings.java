package dev.ios.config;

/**
 * The {@code [performance]} section of a server config: log capacity, batching, window and
 * snapshots. All keys are Ios's, with Ios's meaning.
 *
 * @param length the most log entries a server holds; key {@code length}, required, {@code >= 1}
 * @param batchIntervalMs how long the master waits to fill a batch, in milliseconds; 0 means it
 *     takes only requests already waiting; key {@code batchInterval}, default 0
 * @param maxBatch the most requests in one log entry; key {@code maxBatch}, required, {@code >= 1}
 *     (Ios crashes on 0)
 * @param windowSize the most indices the master has in flight, uncommitted; key {@code
 *     windowSize}, required, {@code >= 1}
 * @param snapshotInterval snapshot the state machine every this many applied indices; 0 turns
 *     snapshots off; key {@code snapshotInterval}, default 0
 */
public record PerformanceSettings(
        int length, int batchIntervalMs, int maxBatch, int windowSize, int snapshotInterval) {

    static final String SECTION = "performance";
    static final IntRange LENGTH = IntRange.atLeast(1);
    static final IntRange BATCH_INTERVAL = IntRange.atLeast(0);
    static final IntRange MAX_BATCH = IntRange.atLeast(1);
    static final IntRange WINDOW_SIZE = IntRange.atLeast(1);
    static final IntRange SNAPSHOT_INTERVAL = IntRange.atLeast(0);

    /** Validates each value; throws {@link IllegalArgumentException} saying what is allowed. */
    public PerformanceSettings {
        LENGTH.require("length", length);
        BATCH_INTERVAL.require("batchInterval", batchIntervalMs);
        MAX_BATCH.require("maxBatch", maxBatch);
        WINDOW_SIZE.require("windowSize", windowSize);
        SNAPSHOT_INTERVAL.require("snapshotInterval", snapshotInterval);
    }

    static void addTo(ConfigSchema schema) {
        schema.section(SECTION, "length", "batchInterval", "maxBatch", "windowSize", "snapshotInterval");
    }

    static PerformanceSettings read(ConfigReader reader) throws ConfigException {
        return new PerformanceSettings(
                reader.requiredInt(SECTION, "length", LENGTH),
                reader.optionalInt(SECTION, "batchInterval", BATCH_INTERVAL, 0),
                reader.requiredInt(SECTION, "maxBatch", MAX_BATCH),
                reader.requiredInt(SECTION, "windowSize", WINDOW_SIZE),
                reader.optionalInt(SECTION, "snapshotInterval", SNAPSHOT_INTERVAL, 0));
    }

    void writeTo(IniWriter out) {
        out.section(SECTION)
                .entry("length", Integer.toString(length))
                .entry("batchInterval", Integer.toString(batchIntervalMs))
                .entry("maxBatch", Integer.toString(maxBatch))
                .entry("windowSize", Integer.toString(windowSize))
                .entry("snapshotInterval", Integer.toString(snapshotInterval));
    }
}
