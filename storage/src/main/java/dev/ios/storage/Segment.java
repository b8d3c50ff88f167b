package dev.ios.storage;

import java.nio.file.Path;

/** What the log store remembers about one segment file. Not thread-safe; owned by the store. */
final class Segment {

    /** A record's offset in its segment takes the low 32 bits of its location. */
    static final int OFFSET_BITS = 32;
    // The low 31 bits of the sequence take the rest, so a location is never negative (LogState's
    // empty mark). Unambiguous while fewer than 2^31 segments exist at once.
    private static final long SEQUENCE_MASK = (1L << (63 - OFFSET_BITS)) - 1;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    final long sequence;
    final Path path;
    /**
     * The highest index of any append record in the segment, or 0. The segment may be deleted
     * once this is below the discard point (and every older segment is gone), because records
     * arrive out of index order and only this bound says all of them are dead.
     */
    long appendIndexMax;

    Segment(long sequence, Path path) {
        this.sequence = sequence;
        this.path = path;
    }

    /**
     * The location ({@link LogState}) of the record starting at {@code offset} in this segment:
     * 8 bytes naming segment and offset, all the log keeps in memory per index. Segments are far
     * smaller than 2^32 bytes ({@link SegmentedLogStore#SEGMENT_BYTES_LIMIT}), so the offset fits.
     */
    long locationOf(long offset) {
        if (offset < 0 || offset > OFFSET_MASK) {
            throw new IllegalStateException("offset " + offset + " in " + path + " does not fit a location");
        }
        return (sequence & SEQUENCE_MASK) << OFFSET_BITS | offset;
    }

    /** Whether {@code location} is in this segment. */
    boolean holds(long location) {
        return location >>> OFFSET_BITS == (sequence & SEQUENCE_MASK);
    }

    /** The file offset a location names. */
    static long offsetOf(long location) {
        return location & OFFSET_MASK;
    }

    @Override
    public String toString() {
        return path.getFileName() + "(appendIndexMax=" + appendIndexMax + ")";
    }
}
