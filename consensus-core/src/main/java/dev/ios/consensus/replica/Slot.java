package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Entry;

/**
 * One index of a replica's in-memory log: the entry it accepted (or learned), the view that
 * happened in, and whether it is known to be chosen. Mutable; owned by one {@link Replica}.
 */
final class Slot {
    long view;
    Entry entry;
    // Invariant: once true, entry is the value chosen at this index (Paxos: any later view's
    // proposal for this index carries the same value, so replacing entry never changes it).
    boolean chosen;

    Slot(long view, Entry entry, boolean chosen) {
        this.view = view;
        this.entry = entry;
        this.chosen = chosen;
    }
}
