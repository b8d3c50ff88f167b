package dev.ios.storage;

import dev.ios.storage.disk.Disk;
import java.util.Locale;

/**
 * How log writes reach the disk (Ios's names). Every mode but {@link #NONE} makes a log operation
 * durable before {@code LogStore.sync()} returns; they differ in how.
 */
public enum PersistenceMode {
    /** Buffered writes, one {@code fdatasync} ({@code force(false)}) per group: the default. */
    FSYNC,
    /** Files opened with {@code O_DSYNC}: each group's write returns when durable; no separate force. */
    DSYNC,
    /** Files opened with {@code O_SYNC}: like {@link #DSYNC}, and metadata too. */
    OSYNC,
    /**
     * {@code O_DIRECT} with aligned buffers, plus one {@code fdatasync} per group (O_DIRECT alone
     * bypasses the page cache but makes neither the device cache nor the file size durable). A
     * file system without O_DIRECT fails at start-up.
     */
    DIRECT,
    /** No sync at all: a crash or power loss may lose acknowledged writes. Logs a warning at start-up. */
    NONE;

    /** The mode named {@code name} (case-insensitive: {@code fsync}, {@code dsync}, ...); throws if unknown. */
    public static PersistenceMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown persistence mode '" + name + "' (expected fsync, dsync, osync, direct or none)", e);
        }
    }

    /** Whether {@code sync()} must call {@code force}: only when writes are not synchronous already. */
    boolean forcesOnSync() {
        return this == FSYNC || this == DIRECT;
    }

    /** Whether this mode makes anything durable at all. */
    boolean isDurable() {
        return this != NONE;
    }

    /** How log segments are opened for writing, or {@code null} for buffered writes. */
    Disk.WriteMode writeMode() {
        if (this == DSYNC) {
            return Disk.WriteMode.DSYNC;
        }
        if (this == OSYNC) {
            return Disk.WriteMode.SYNC;
        }
        if (this == DIRECT) {
            return Disk.WriteMode.DIRECT;
        }
        return null;
    }

    /** The name as written in configuration files. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
