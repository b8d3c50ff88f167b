package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Entry;

/** The master's record of an index it opened in its view and that is not yet known chosen. */
final class InFlight {
    final Entry entry;
    int coordinator;
    long deadlineTick;

    InFlight(Entry entry, int coordinator, long deadlineTick) {
        this.entry = entry;
        this.coordinator = coordinator;
        this.deadlineTick = deadlineTick;
    }
}
