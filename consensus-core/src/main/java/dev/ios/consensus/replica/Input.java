package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Message;
import java.util.List;

/** What a {@link Replica} is told. The runtime (or the simulator) creates inputs; the replica never blocks. */
public sealed interface Input {

    /** One unit of logical time has passed. All timeouts are counted in ticks. */
    record Tick() implements Input {}

    /** A message from peer {@code from} (or from this server itself, see {@code Envelope}). */
    record Received(int from, Message message) implements Input {}

    /**
     * A client request arrived at this server. Its {@code origin} must be this server's id.
     *
     * @param forceViewChange the client asks for a view change first (Ios's {@code ForceViewChange})
     */
    record Proposed(Request request, boolean forceViewChange) implements Input {}

    /**
     * Client requests that arrived together, stepped as one input: the same as stepping each
     * {@link Proposed} in turn, except that the master opens indices only after taking all of them,
     * so they share entries (up to {@code maxBatch} each) instead of each opening its own while the
     * window has room. The runtime collects what one pass of its event loop read.
     */
    record ProposedAll(List<Proposed> proposals) implements Input {
        /** Copies the list. */
        public ProposedAll {
            proposals = List.copyOf(proposals);
        }
    }

    /**
     * The runtime has durably written a snapshot of the state machine covering every entry up to
     * {@code index} (the entry at {@code index} was chosen in {@code view}); the log below it may go.
     */
    record SnapshotTaken(long index, long view) implements Input {}

    /**
     * The runtime has installed, durably, a snapshot received from a peer: the state machine now
     * reflects every entry up to {@code index}.
     */
    record SnapshotInstalled(long index, long view) implements Input {}
}
