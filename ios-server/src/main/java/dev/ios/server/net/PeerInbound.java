package dev.ios.server.net;

import dev.ios.consensus.message.Message;

/**
 * Receives decoded peer messages. Called on transport I/O threads: implementations must not
 * block (the runtime enqueues into a bounded queue and drops when full).
 */
@FunctionalInterface
public interface PeerInbound {

    /** {@code message} arrived from the authenticated peer {@code from} (its handshake named it). */
    void onMessage(int from, Message message);
}
