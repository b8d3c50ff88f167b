package dev.ios.server.runtime;

import dev.ios.consensus.replica.Event;

/**
 * Observes a runtime for metrics and tests. Called on the runtime's threads: implementations must
 * be cheap and must not block or throw.
 */
public interface RuntimeListener {

    /** Observes nothing. */
    RuntimeListener NONE = new RuntimeListener() {};

    /** One group commit's sync took {@code latencyNs} (storage thread). */
    default void onSyncLatency(long latencyNs) {}

    /** A peer message was dropped because the replica thread's inbox was full (I/O thread). */
    default void onPeerMessageDropped() {}

    /** A client request was refused because the inbox was full (front-end thread). */
    default void onClientRejected() {}

    /** The entry at {@code index}, holding {@code requests} requests, was applied (replica thread). */
    default void onApplied(long index, int requests) {}

    /** A snapshot received from a peer was installed, covering up to {@code index} (replica thread). */
    default void onSnapshotInstalled(long index) {}

    /** The core emitted {@code event} (replica thread). */
    default void onEvent(Event event) {}
}
