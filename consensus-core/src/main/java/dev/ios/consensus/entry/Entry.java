package dev.ios.consensus.entry;

import java.util.List;

/**
 * What one log index holds: a batch of client requests, applied atomically in order. An empty
 * batch is a {@code noop}, used to fill gaps found by recovery and, with {@code indexExclusivity},
 * the indices an old master may have used.
 */
public record Entry(List<Request> requests) {

    /** The entry that changes nothing. */
    public static final Entry NOOP = new Entry(List.of());

    /** Copies the list so the entry is immutable. */
    public Entry {
        requests = List.copyOf(requests);
    }

    /** True for the entry that changes nothing. */
    public boolean isNoop() {
        return requests.isEmpty();
    }
}
