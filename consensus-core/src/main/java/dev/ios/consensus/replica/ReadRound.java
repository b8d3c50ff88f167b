package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Request;
import java.util.List;

/**
 * One round of participant reads (DESIGN.md "Reads"): every read that started on this server before
 * the round was sent shares its one read index from the master of {@code view} and its one
 * replication quorum confirming that no higher view has started; then they wait together until that
 * index is applied. A read that starts while the round is in flight joins the next round: answers
 * to messages sent before a read began say nothing about the writes acknowledged before it began.
 */
final class ReadRound {
    /** Numbers this server's rounds; answers carrying another number are ignored. */
    final long number;
    final long view;
    final long startTick;
    /** The reads it serves, in the order they started. */
    final List<Request> reads;
    /** The index every earlier acknowledged write has, at most; {@code -1} until the master answers. */
    long readIndex = -1;
    /** Servers that confirmed their view is at most {@code view} (bit mask). */
    long confirmed;

    ReadRound(long number, long view, long startTick, List<Request> reads) {
        this.number = number;
        this.view = view;
        this.startTick = startTick;
        this.reads = reads;
    }
}
