package dev.ios.server.runtime;

import dev.ios.consensus.replica.Event;

/**
 * Observes a runtime for metrics and tests. Called on the runtime's threads (mostly its replica loop): implementations must
 * be cheap and must not block or throw.
 */
public interface RuntimeListener {

    /** Observes nothing. */
    RuntimeListener NONE = new RuntimeListener() {};

    /** One group commit's sync took {@code latencyNs} (storage thread). */
    default void onSyncLatency(long latencyNs) {}

    /** A peer message was dropped because the replica loop's inbox was full (any thread). */
    default void onPeerMessageDropped() {}

    /** A client request was refused because the inbox was full or the server is stopping (any thread). */
    default void onClientRejected() {}

    /** The entry at {@code index}, holding {@code requests} requests, was applied (replica loop). */
    default void onApplied(long index, int requests) {}

    /** A snapshot of this server's state, covering up to {@code index}, is durable (replica loop). */
    default void onSnapshotTaken(long index) {}

    /** A snapshot received from a peer was installed, covering up to {@code index} (replica loop). */
    default void onSnapshotInstalled(long index) {}

    /** The core emitted {@code event} (replica loop). */
    default void onEvent(Event event) {}
}
