package dev.ios.storage;

/**
 * How a data directory is stored: the log backend, the persistence mode and the segment size.
 *
 * @param backend which log implementation; {@link LogBackend#SEGMENTED} by default
 * @param mode how writes reach the disk; {@link PersistenceMode#FSYNC} by default
 * @param segmentBytesMax the size at which a log segment is closed and the next one started
 *     (segmented backend only)
 */
public record StorageOptions(LogBackend backend, PersistenceMode mode, long segmentBytesMax) {

    /** Checks the values: a null mode or a segment too small for one record is a configuration error. */
    public StorageOptions {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (segmentBytesMax < 4096) {
            throw new IllegalArgumentException("segmentBytesMax must be >= 4096, was " + segmentBytesMax);
        }
    }

    /** The segmented log, fsync mode, 64 MiB segments. */
    public static StorageOptions defaults() {
        return new StorageOptions(LogBackend.SEGMENTED, PersistenceMode.FSYNC, SegmentedLogStore.SEGMENT_BYTES_MAX_DEFAULT);
    }

    /** These options with {@code newBackend}. */
    public StorageOptions withBackend(LogBackend newBackend) {
        return new StorageOptions(newBackend, mode, segmentBytesMax);
    }

    /** These options with {@code newMode}. */
    public StorageOptions withMode(PersistenceMode newMode) {
        return new StorageOptions(backend, newMode, segmentBytesMax);
    }

    /** These options with {@code bytes} per segment. */
    public StorageOptions withSegmentBytesMax(long bytes) {
        return new StorageOptions(backend, mode, bytes);
    }
}
