package dev.ios.consensus.storage;

import java.util.Arrays;

/**
 * One accepted log entry as it is stored: the log index, the view it was accepted in, and the
 * encoded entry (opaque to storage). Equality compares the payload's bytes.
 *
 * <p>The payload array is owned by the record: nobody mutates it after construction.
 */
public record LogRecord(long index, long view, byte[] payload) {

    /** Checks the fields; an index below 1 or a negative view is a programmer error. */
    public LogRecord {
        if (index < 1) {
            throw new IllegalArgumentException("index must be >= 1, was " + index);
        }
        if (view < 0) {
            throw new IllegalArgumentException("view must be >= 0, was " + view);
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.index == index && r.view == view && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Long.hashCode(view) * 17 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[index=" + index + ", view=" + view + ", payload=" + payload.length + "B]";
    }
}
