package dev.ios.storage;

import java.util.Locale;

/** Which {@code LogStore} implementation a data directory uses. */
public enum LogBackend {
    /** {@link SegmentedLogStore} in {@code <dir>/log}: the default. */
    SEGMENTED,
    /** {@link ChronicleLogStore} in {@code <dir>/chronicle}; needs Chronicle's JVM flags. */
    CHRONICLE;

    /** The backend named {@code name} ({@code segmented} or {@code chronicle}, case-insensitive); throws if unknown. */
    public static LogBackend parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown log backend '" + name + "' (expected segmented or chronicle)", e);
        }
    }

    /** The subdirectory of the data directory that holds this backend's files. */
    String directoryName() {
        return this == SEGMENTED ? "log" : "chronicle";
    }
}
