package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Entry;

/** A coordinator's progress on one index of the current view: who has durably accepted it. */
final class Coordination {
    final Entry entry;
    /** Servers whose {@code PrepareOk} arrived (bit mask). */
    long acked;
    /** True once the Prepare went to every server, not just a thrifty quorum. */
    boolean sentToAll;
    long lastSendTick;

    Coordination(Entry entry, long nowTick) {
        this.entry = entry;
        this.lastSendTick = nowTick;
    }
}
