package dev.ios.storage;

import java.nio.file.Path;

/** What the log store remembers about one segment file. Not thread-safe; owned by the store. */
final class Segment {
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

    @Override
    public String toString() {
        return path.getFileName() + "(appendIndexMax=" + appendIndexMax + ")";
    }
}
