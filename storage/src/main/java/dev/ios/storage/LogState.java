package dev.ios.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log as a map from index to <em>where its latest record is</em>, with the semantics of
 * {@code LogStore}: what both replay and the live store apply operations to. Not thread-safe.
 *
 * <p>Why locations and not records: the replica keeps every entry it holds decoded, and at run
 * time the server never reads a payload back from its log (it appends, truncates, discards and
 * syncs; {@code records()} is read once, at recovery). Holding each {@code LogRecord} here too kept
 * the whole log in memory twice. So a store keeps one {@code long} per index — a location that
 * only it interprets (the segmented log: segment and file offset, see {@link Segment#locationOf};
 * the Chronicle log: the excerpt's Chronicle index) — and reads the record back when asked.
 * Memory per held index: 8 bytes in the ring, against a 4-byte reference plus a 32-byte
 * {@code LogRecord} plus a 16-byte array header plus the payload (rounded up to 8) before.
 *
 * <p>Layout: the indices {@code [discardedBefore, discardedBefore + ringSpanMax)} live in a ring,
 * a {@code long[]} of power-of-two capacity where index {@code i} sits in slot {@code i & mask}
 * (the window never holds more indices than the array has slots, so no two share one), and
 * {@link #ABSENT} marks an empty slot. An append is an array store; {@code discardBefore} and
 * {@code truncateFrom} clear slots — no boxing, no rebalancing. The ring grows by doubling up to
 * {@code ringSpanMax} slots (2^20 by default: 8 MB at most).
 *
 * <p>An index at or beyond {@code discardedBefore + ringSpanMax} — far ahead of the log, such as a
 * {@code Prepare} with an absurd index from a faulty peer — goes to a small {@link TreeMap}
 * (the overflow) instead, so it can never make the ring allocate a huge array. Nothing is refused:
 * a refusal would be a {@code StorageException}, which halts the server. When the discard point
 * moves, overflow entries that come within the span move into the ring. Invariant: index {@code i}
 * (held, {@code >= discardedBefore}) is in the ring iff {@code i - discardedBefore < ringSpanMax},
 * else in the overflow.
 */
final class LogState {

    /** The most slots the ring grows to; indices further ahead go to the overflow map. */
    static final int RING_SPAN_MAX_DEFAULT = 1 << 20;
    /** What {@link #location} returns for an index not held, and what marks an empty slot. */
    static final long ABSENT = -1;
    private static final int INITIAL_CAPACITY_DEFAULT = 1 << 10;

    /** Receives held indices with their locations, in index order. */
    @FunctionalInterface
    interface Visitor<E extends Exception> {
        void visit(long index, long location) throws E;
    }

    private final int ringSpanMax;
    // Invariant: a slot holds a location (>= 0) or ABSENT.
    private long[] ring;
    private int mask;
    // Locations in the ring.
    private int ringCount;
    // The highest index in the ring; discardedBefore - 1 when the ring is empty.
    private long ringLast;
    // Every key is >= discardedBefore + ringSpanMax.
    private final TreeMap<Long, Long> overflow = new TreeMap<>();
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
        this.ring = emptyRing(initialCapacity);
        this.mask = initialCapacity - 1;
        this.ringLast = discardedBefore - 1;
    }

    /**
     * Records that the latest record for {@code index} is at {@code location} (any value {@code >= 0}),
     * replacing what was there. The index must not be discarded.
     */
    void append(long index, long location) {
        if (index < discardedBefore) {
            throw new IllegalArgumentException(
                    "index " + index + " is below discardedBefore " + discardedBefore);
        }
        if (location < 0) {
            throw new IllegalArgumentException("location " + location + " of index " + index + " is negative");
        }
        if (inRingSpan(index)) {
            putInRing(index, location);
        } else {
            overflow.put(index, location);
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
                while (ring[slot(ringLast)] == ABSENT) {
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
                Map.Entry<Long, Long> first = overflow.pollFirstEntry();
                putInRing(first.getKey(), first.getValue());
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

    /** Where the record for {@code index} is, or {@link #ABSENT} if none is held. */
    long location(long index) {
        if (index < discardedBefore) {
            return ABSENT;
        }
        if (!inRingSpan(index)) {
            Long location = overflow.get(index);
            return location == null ? ABSENT : location;
        }
        if (index > ringLast) {
            return ABSENT;
        }
        return ring[slot(index)];
    }

    /** Hands every held index and its location to {@code visitor}, in index order. */
    <E extends Exception> void forEach(Visitor<E> visitor) throws E {
        // Offsets, not indices, so an index near Long.MAX_VALUE cannot wrap the loop.
        for (int k = 0, found = 0; found < ringCount; k++) {
            long index = discardedBefore + k;
            long location = ring[slot(index)];
            if (location != ABSENT) {
                visitor.visit(index, location);
                found++;
            }
        }
        for (Map.Entry<Long, Long> e : overflow.entrySet()) {
            visitor.visit(e.getKey(), e.getValue());
        }
    }

    /** How many indices are held. */
    int size() {
        return ringCount + overflow.size();
    }

    boolean isEmpty() {
        return ringCount == 0 && overflow.isEmpty();
    }

    /** Slots in the ring now (tests check that a far index does not grow it). */
    int ringCapacity() {
        return ring.length;
    }

    /** Indices held in the overflow map (for tests). */
    int overflowSize() {
        return overflow.size();
    }

    private static long[] emptyRing(int capacity) {
        long[] slots = new long[capacity];
        Arrays.fill(slots, ABSENT);
        return slots;
    }

    private boolean inRingSpan(long index) {
        // index >= discardedBefore >= 1, so the difference cannot overflow.
        return index - discardedBefore < ringSpanMax;
    }

    private int slot(long index) {
        return (int) (index & mask);
    }

    /**
     * Clears the ring's slots for indices {@code [first, last]} (both in the window, or
     * {@code last < first}), stopping early once the ring is empty: the rest are empty already.
     */
    private void clearSlots(long first, long last) {
        if (last < first) {
            return;
        }
        // Offsets, not indices: last may be Long.MAX_VALUE. The span fits an int.
        int n = (int) (last - first);
        for (int k = 0; k <= n && ringCount > 0; k++) {
            int slot = slot(first + k);
            if (ring[slot] != ABSENT) {
                ring[slot] = ABSENT;
                ringCount--;
            }
        }
    }

    /** Stores a location whose index is in the ring's span, growing the ring if needed. */
    private void putInRing(long index, long location) {
        long needed = index - discardedBefore + 1; // <= ringSpanMax
        if (needed > ring.length) {
            grow((int) needed);
        }
        int slot = slot(index);
        if (ring[slot] == ABSENT) {
            ringCount++;
        }
        ring[slot] = location;
        if (index > ringLast) {
            ringLast = index;
        }
    }

    private void grow(int needed) {
        int capacity = ring.length;
        while (capacity < needed) {
            capacity <<= 1;
        }
        long[] bigger = emptyRing(capacity);
        int newMask = capacity - 1;
        // A slot holds no index, so walk the indices: every one in the ring is in
        // [discardedBefore, ringLast], a span shorter than the old capacity (no wrap, no overflow).
        if (ringCount > 0) {
            int n = (int) (ringLast - discardedBefore);
            for (int k = 0; k <= n; k++) {
                long index = discardedBefore + k;
                bigger[(int) (index & newMask)] = ring[slot(index)];
            }
        }
        ring = bigger;
        mask = newMask;
    }
}
