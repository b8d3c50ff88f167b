package dev.ios.server.net;

import dev.ios.consensus.message.Envelope;

/**
 * Carries peer messages between the servers of one cluster.
 *
 * <p>Contract: {@link #send} never blocks and never throws for network reasons: a message to a
 * peer that is unreachable, disconnected or too slow is dropped (and counted), and the protocol's
 * own retransmissions recover. Thread-safe. Messages from one sender to one receiver arrive in the
 * order sent, or not at all. Inbound messages go to the {@link PeerInbound} given at construction.
 */
public interface PeerTransport extends AutoCloseable {

    /** Sends {@code envelope} to {@code envelope.to()}; drops it if that peer is not connected. */
    void send(Envelope envelope);

    /** Stops listening and closes every connection; idempotent. */
    @Override
    void close();
}
