package dev.ios.config;

/**
 * How log, view and snapshot writes are made durable: {@code [unsafe] persistenceMode}, with Ios's
 * names.
 */
public enum PersistenceMode implements ConfigName {
    /** No syncing at all: acknowledged data can be lost on a crash. Unsafe; the server says so. */
    NONE("none"),
    /** Write, then fdatasync before acknowledging; one sync covers a group of writes. Ios's choice. */
    FSYNC("fsync"),
    /** Files opened with O_SYNC: every write returns only once data and metadata are on disk. */
    OSYNC("osync"),
    /** Files opened with O_DSYNC: every write returns only once the data is on disk. */
    DSYNC("dsync"),
    /** O_DIRECT where the file system allows it, bypassing the page cache, plus a sync per group. */
    DIRECT("direct");

    private final String configName;

    PersistenceMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
