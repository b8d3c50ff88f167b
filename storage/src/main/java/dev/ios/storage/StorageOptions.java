package dev.ios.storage;

/**
 * How a data directory is stored: the persistence mode and the log's segment size.
 *
 * @param mode how writes reach the disk; {@link PersistenceMode#FSYNC} by default
 * @param segmentBytesMax the size at which a log segment is closed and the next one started
 */
public record StorageOptions(PersistenceMode mode, long segmentBytesMax) {

    /** Checks the values: a null mode or a segment too small for one record is a configuration error. */
    public StorageOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (segmentBytesMax < 4096) {
            throw new IllegalArgumentException("segmentBytesMax must be >= 4096, was " + segmentBytesMax);
        }
    }

    /** fsync mode, 64 MiB segments. */
    public static StorageOptions defaults() {
        return new StorageOptions(PersistenceMode.FSYNC, SegmentedLogStore.SEGMENT_BYTES_MAX_DEFAULT);
    }

    /** These options with {@code mode}. */
    public StorageOptions withMode(PersistenceMode newMode) {
        return new StorageOptions(newMode, segmentBytesMax);
    }

    /** These options with {@code bytes} per segment. */
    public StorageOptions withSegmentBytesMax(long bytes) {
        return new StorageOptions(mode, bytes);
    }
}
