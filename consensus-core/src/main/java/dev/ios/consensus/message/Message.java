package dev.ios.consensus.message;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.Request;
import java.util.List;

/**
 * The messages servers exchange, one record per protocol step (DESIGN.md, "The protocol"). Every
 * message carries the sender's view; a receiver that is in a higher view answers {@link StaleView},
 * and one in a lower view adopts the higher view (persisting it first) before acting.
 *
 * <p>Naming: Ios's {@code Prepare} is phase 2 (replication); phase 1 (recovery) is {@code NewView}.
 */
public sealed interface Message {

    /** The sender's view. */
    long view();

    /** Master to all, when it has been quiet: "I am still the master; entries up to commitIndex are chosen". */
    record Heartbeat(long view, long commitIndex) implements Message {}

    /** A participant passing a client request to the master ({@code participantHandle}). */
    record Forward(long view, Request request) implements Message {}

    /** Master to the coordinator it delegates {@code index} to. */
    record Coordinate(long view, long index, Entry entry, long commitIndex) implements Message {}

    /** Coordinator to participants: accept {@code entry} at {@code index} in {@code view} (phase 2). */
    record Prepare(long view, long index, Entry entry, long commitIndex) implements Message {}

    /** Participant to coordinator, sent only once the accepted entry is durable. */
    record PrepareOk(long view, long index) implements Message {}

    /** Coordinator to the master (and to all with {@code explicitCommit}): {@code index} is chosen in {@code view}. */
    record Commit(long view, long index) implements Message {}

    /** A new master to all: promise {@code view} (phase 1). */
    record NewView(long view, long commitIndex) implements Message {}

    /**
     * The promise, sent only once {@code view} is durable: the sender's commit index, the first
     * index it still holds, and every entry it holds above the new master's commit index.
     */
    record NewViewOk(long view, long commitIndex, long discardedBefore, List<Accepted> entries) implements Message {
        /** Copies the list. */
        public NewViewOk {
            entries = List.copyOf(entries);
        }
    }

    /** "Your view is old; mine is {@code view}." Answers a message from a lower view. */
    record StaleView(long view) implements Message {}

    /** Catch-up: send me the chosen entries from {@code fromIndex} on (Ios's {@code Copy}). */
    record CopyRequest(long view, long fromIndex) implements Message {}

    /** Chosen entries, in index order, and the sender's commit index. */
    record CopyReply(long view, long commitIndex, List<Accepted> entries) implements Message {
        /** Copies the list. */
        public CopyReply {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A server asks the master for the index its read round must wait for. {@code round} numbers the
     * sender's rounds; one round serves every read that started on the sender before it was sent.
     */
    record ReadQuery(long view, long round) implements Message {}

    /** The master's answer to round {@code round}: every write acknowledged so far has an index at most {@code readIndex}. */
    record ReadQueryReply(long view, long round, long readIndex) implements Message {}

    /** A server asks everyone to confirm, for its read round {@code round}, that no view above {@code view} has started. */
    record ReadConfirm(long view, long round) implements Message {}

    /** "My view is at most {@code view}", answering read round {@code round}. */
    record ReadConfirmOk(long view, long round) implements Message {}

    /**
     * A piece of a snapshot streamed to a server that is behind a discarded log prefix. Carried by
     * the transport like any message but handled by the runtime (which owns the state machine and
     * the snapshot files): the core ignores it and hears {@code SnapshotInstalled} once the whole
     * snapshot is durable and restored. Pieces arrive in order; a gap abandons the transfer and
     * catch-up asks again.
     *
     * @param index the last index the snapshot covers
     * @param snapshotView the view the entry at {@code index} was chosen in
     * @param offset where {@code data} starts in the snapshot file
     * @param last true for the final piece
     */
    record SnapshotChunk(long view, long index, long snapshotView, long offset, byte[] data, boolean last)
            implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof SnapshotChunk c && c.view == view && c.index == index && c.snapshotView == snapshotView
                    && c.offset == offset && c.last == last && java.util.Arrays.equals(c.data, data);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(view, index, snapshotView, offset, last) * 31 + java.util.Arrays.hashCode(data);
        }
    }
}
