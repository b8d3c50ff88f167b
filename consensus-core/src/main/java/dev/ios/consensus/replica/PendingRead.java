package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Request;

/**
 * A participant read in progress (DESIGN.md "Reads"): it learns a read index from the master of
 * {@code view}, then needs a replication quorum confirming that no higher view has started, then
 * waits until that index is applied.
 */
final class PendingRead {
    final Request request;
    final long readId;
    long view;
    /** The index every earlier acknowledged write has, at most; {@code -1} until the master answers. */
    long readIndex = -1;
    /** Servers that confirmed their view is at most {@code view} (bit mask). */
    long confirmed;
    long startTick;

    PendingRead(Request request, long readId) {
        this.request = request;
        this.readId = readId;
    }
}
