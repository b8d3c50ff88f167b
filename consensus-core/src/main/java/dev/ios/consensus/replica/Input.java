package dev.ios.consensus.replica;

import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Message;

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
