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
     * Client requests and peer messages that arrived together, stepped as one input: the same as
     * stepping each in turn, except that the replica applies, opens indices and serves reads once,
     * after all of them. So requests proposed here or forwarded by peers in one go share entries (up
     * to {@code maxBatch} each) instead of each opening its own while the window has room. The
     * runtime collects what one pass of its event loop read.
     *
     * @param inputs {@link Proposed} and {@link Received} inputs only, in arrival order
     */
    record Together(List<Input> inputs) implements Input {
        /** Copies the list; refuses other kinds of input. */
        public Together {
            inputs = List.copyOf(inputs);
            for (Input i : inputs) {
                if (!(i instanceof Proposed) && !(i instanceof Received)) {
                    throw new IllegalArgumentException("only proposals and messages are stepped together: " + i);
                }
            }
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
