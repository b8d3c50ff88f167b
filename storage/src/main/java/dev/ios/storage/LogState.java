package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The log as a map, with the semantics of {@code LogStore}: what both replay and the live store
 * apply operations to. Not thread-safe.
 */
final class LogState {

    // Invariant: every key is >= discardedBefore.
    private final TreeMap<Long, LogRecord> records = new TreeMap<>();
    private long discardedBefore = 1;

    /** Puts {@code record}, replacing the one at its index. The index must not be discarded. */
    void append(LogRecord record) {
        if (record.index() < discardedBefore) {
            throw new IllegalArgumentException(
                    "index " + record.index() + " is below discardedBefore " + discardedBefore);
        }
        records.put(record.index(), record);
    }

    /** Whether any record at or above {@code fromIndex} is held. */
    boolean holdsAnyFrom(long fromIndex) {
        return records.ceilingKey(fromIndex) != null;
    }

    /** Removes every record at or above {@code fromIndex}; returns whether any was held. */
    boolean truncateFrom(long fromIndex) {
        if (records.ceilingKey(fromIndex) == null) {
            return false;
        }
        records.tailMap(fromIndex, true).clear();
        return true;
    }

    /** Raises the discard point to {@code beforeIndex}; returns false if it was there already. */
    boolean discardBefore(long beforeIndex) {
        if (beforeIndex <= discardedBefore) {
            return false;
        }
        discardedBefore = beforeIndex;
        records.headMap(beforeIndex, false).clear();
        return true;
    }

    long discardedBefore() {
        return discardedBefore;
    }

    long lastIndex() {
        return records.isEmpty() ? discardedBefore - 1 : records.lastKey();
    }

    LogRecord get(long index) {
        return records.get(index);
    }

    List<LogRecord> records() {
        return new ArrayList<>(records.values());
    }

    boolean isEmpty() {
        return records.isEmpty();
    }
}
