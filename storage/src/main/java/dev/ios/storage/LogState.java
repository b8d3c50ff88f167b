package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log as a map from index to record, with the semantics of {@code LogStore}: what both replay
 * and the live store apply operations to. Not thread-safe.
 *
 * <p>Layout: the indices {@code [discardedBefore, discardedBefore + ringSpanMax)} live in a ring,
 * an array of power-of-two capacity where index {@code i} sits in slot {@code i & mask} (the
 * window never holds more indices than the array has slots, so no two share one). An append is an
 * array store; {@code discardBefore} nulls the discarded slots and {@code truncateFrom} the
 * truncated ones — no boxing, no rebalancing. The ring grows by doubling up to
 * {@code ringSpanMax} slots (2^20 by default: 4–8 MB of references at most).
 *
 * <p>An index at or beyond {@code discardedBefore + ringSpanMax} — far ahead of the log, such as a
 * {@code Prepare} with an absurd index from a faulty peer — goes to a small {@link TreeMap}
 * (the overflow) instead, so it can never make the ring allocate a huge array. Nothing is refused:
 * a refusal would be a {@code StorageException}, which halts the server. When the discard point
 * moves, overflow records that come within the span move into the ring. Invariant: index {@code i}
 * (held, {@code >= discardedBefore}) is in the ring iff {@code i - discardedBefore < ringSpanMax},
 * else in the overflow.
 */
final class LogState {

    /** The most slots the ring grows to; indices further ahead go to the overflow map. */
    static final int RING_SPAN_MAX_DEFAULT = 1 << 20;
    private static final int INITIAL_CAPACITY_DEFAULT = 1 << 10;

    private final int ringSpanMax;
    private LogRecord[] ring;
    private int mask;
    // Records in the ring.
    private int ringCount;
    // The highest index in the ring; discardedBefore - 1 when the ring is empty.
    private long ringLast;
    // Every key is >= discardedBefore + ringSpanMax.
    private final TreeMap<Long, LogRecord> overflow = new TreeMap<>();
    private long discardedBefore = 1;

    LogState() {
        this(RING_SPAN_MAX_DEFAULT, INITIAL_CAPACITY_DEFAULT);
    }

    /** For tests: a small span makes far indices, the overflow and migration common. */
    LogState(int ringSpanMax, int initialCapacity) {
        if (Integer.bitCount(ringSpanMax) != 1 || Integer.bitCount(initialCapacity) != 1 || initialCapacity > ringSpanMax) {
            throw new IllegalArgumentException("ringSpanMax " + ringSpanMax + " and initialCapacity " + initialCapacity
                    + " must be powers of two, the capacity no larger");
        }
        this.ringSpanMax = ringSpanMax;
        this.ring = new LogRecord[initialCapacity];
        this.mask = initialCapacity - 1;
        this.ringLast = discardedBefore - 1;
    }

    /** Puts {@code record}, replacing the one at its index. The index must not be discarded. */
    void append(LogRecord record) {
        long index = record.index();
        if (index < discardedBefore) {
            throw new IllegalArgumentException(
                    "index " + index + " is below discardedBefore " + discardedBefore);
        }
        if (inRingSpan(index)) {
            putInRing(record);
        } else {
            overflow.put(index, record);
        }
    }

    /** Whether any record at or above {@code fromIndex} is held. */
    boolean holdsAnyFrom(long fromIndex) {
        return (!overflow.isEmpty() && overflow.lastKey() >= fromIndex) || (ringCount > 0 && ringLast >= fromIndex);
    }

    /** Removes every record at or above {@code fromIndex}; returns whether any was held. */
    boolean truncateFrom(long fromIndex) {
        if (!holdsAnyFrom(fromIndex)) {
            return false;
        }
        if (!overflow.isEmpty()) {
            overflow.tailMap(fromIndex, true).clear();
        }
        if (ringCount > 0 && ringLast >= fromIndex) {
            long from = Math.max(fromIndex, discardedBefore);
            clearSlots(from, ringLast);
            ringLast = from - 1;
            if (ringCount == 0) {
                ringLast = discardedBefore - 1;
            } else {
                while (ring[slot(ringLast)] == null) {
                    ringLast--;
                }
            }
        }
        return true;
    }

    /** Raises the discard point to {@code beforeIndex}; returns false if it was there already. */
    boolean discardBefore(long beforeIndex) {
        if (beforeIndex <= discardedBefore) {
            return false;
        }
        clearSlots(discardedBefore, Math.min(beforeIndex - 1, ringLast));
        discardedBefore = beforeIndex;
        if (ringCount == 0) {
            ringLast = discardedBefore - 1;
        }
        if (!overflow.isEmpty()) {
            overflow.headMap(beforeIndex, false).clear();
            // The span moved up with the discard point: bring what it now covers into the ring.
            while (!overflow.isEmpty() && inRingSpan(overflow.firstKey())) {
                putInRing(overflow.pollFirstEntry().getValue());
            }
        }
        return true;
    }

    long discardedBefore() {
        return discardedBefore;
    }

    long lastIndex() {
        if (!overflow.isEmpty()) {
            return overflow.lastKey();
        }
        return ringCount > 0 ? ringLast : discardedBefore - 1;
    }

    LogRecord get(long index) {
        if (index < discardedBefore) {
            return null;
        }
        if (!inRingSpan(index)) {
            return overflow.get(index);
        }
        if (index > ringLast) {
            return null;
        }
        return ring[slot(index)];
    }

    /** Every record held, in index order (a fresh list). */
    List<LogRecord> records() {
        List<LogRecord> out = new ArrayList<>(ringCount + overflow.size());
        // Offsets, not indices, so an index near Long.MAX_VALUE cannot wrap the loop.
        for (int k = 0, found = 0; found < ringCount; k++) {
            LogRecord record = ring[slot(discardedBefore + k)];
            if (record != null) {
                out.add(record);
                found++;
            }
        }
        for (Map.Entry<Long, LogRecord> e : overflow.entrySet()) {
            out.add(e.getValue());
        }
        return out;
    }

    boolean isEmpty() {
        return ringCount == 0 && overflow.isEmpty();
    }

    /** Slots in the ring now (tests check that a far index does not grow it). */
    int ringCapacity() {
        return ring.length;
    }

    /** Records held in the overflow map (for tests). */
    int overflowSize() {
        return overflow.size();
    }

    private boolean inRingSpan(long index) {
        // index >= discardedBefore >= 1, so the difference cannot overflow.
        return index - discardedBefore < ringSpanMax;
    }

    private int slot(long index) {
        return (int) (index & mask);
    }

    /**
     * Nulls the ring's slots for indices {@code [first, last]} (both in the window, or
     * {@code last < first}), stopping early once the ring is empty: the rest are null already.
     */
    private void clearSlots(long first, long last) {
        if (last < first) {
            return;
        }
        // Offsets, not indices: last may be Long.MAX_VALUE. The span fits an int.
        int n = (int) (last - first);
        for (int k = 0; k <= n && ringCount > 0; k++) {
            int slot = slot(first + k);
            if (ring[slot] != null) {
                ring[slot] = null;
                ringCount--;
            }
        }
    }

    /** Stores a record whose index is in the ring's span, growing the ring if needed. */
    private void putInRing(LogRecord record) {
        long index = record.index();
        long needed = index - discardedBefore + 1; // <= ringSpanMax
        if (needed > ring.length) {
            grow((int) needed);
        }
        int slot = slot(index);
        if (ring[slot] == null) {
            ringCount++;
        }
        ring[slot] = record;
        if (index > ringLast) {
            ringLast = index;
        }
    }

    private void grow(int needed) {
        int capacity = ring.length;
        while (capacity < needed) {
            capacity <<= 1;
        }
        LogRecord[] bigger = new LogRecord[capacity];
        int newMask = capacity - 1;
        for (LogRecord record : ring) {
            if (record != null) {
                bigger[(int) (record.index() & newMask)] = record;
            }
        }
        ring = bigger;
        mask = newMask;
    }
}
