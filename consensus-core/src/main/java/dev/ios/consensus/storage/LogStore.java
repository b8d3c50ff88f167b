package dev.ios.consensus.storage;

import java.util.List;

/**
 * The durable log of one server: a map from index to the latest {@link LogRecord} accepted for
 * it. This is the contract the storage module implements (segmented files, Chronicle Queue) and
 * the simulator fakes.
 *
 * <p>Why a map and not an append-only array: with delegated replication, {@code Prepare}s for
 * different indices come from different coordinators and arrive in any order, and after a view
 * change an index may be accepted again in a higher view. So writes are by index, in arrival
 * order, and the last write for an index wins.
 *
 * <p>Threads: one thread (the runtime's storage thread) calls every method; implementations need
 * not be thread-safe. Durability: {@link #append}, {@link #truncateFrom} and {@link #discardBefore}
 * take effect in memory at once and are durable only when a later {@link #sync} returns. After a
 * crash, recovery sees exactly a prefix of the operations issued (every operation up to the last
 * completed {@code sync}, and possibly some after it, in order — never a later one without an
 * earlier one). Failures: any I/O error throws {@link StorageException}; after that the store is
 * unusable and the server must halt (a failed fsync may have lost pages; never retry and carry on).
 */
public interface LogStore extends AutoCloseable {

    /**
     * Records {@code record}, replacing any record with the same index. The index must be above
     * {@link #discardedBefore()}{@code - 1}: writing into the discarded prefix is a programmer error.
     */
    void append(LogRecord record);

    /**
     * Forgets every record with index {@code >= fromIndex} (a suffix replaced after a view change).
     */
    void truncateFrom(long fromIndex);

    /**
     * Allows records with index {@code < beforeIndex} to be deleted: a snapshot covers them. Reads
     * after this call do not return them. Implementations delete whole files lazily.
     */
    void discardBefore(long beforeIndex);

    /** Makes every operation issued so far durable (one fsync for all of them: group commit). */
    void sync();

    /** The lowest index that may still be held; records below it were discarded. Starts at 1. */
    long discardedBefore();

    /** The highest index held, or {@code discardedBefore() - 1} if none. */
    long lastIndex();

    /** The record at {@code index}, or {@code null} if none is held. */
    LogRecord get(long index);

    /** Every record held, in index order (recovery hands this to the replica). */
    List<LogRecord> records();

    /** Releases files; does not sync. */
    @Override
    void close();
}
