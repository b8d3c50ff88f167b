package dev.ios.server.net;

import java.net.InetSocketAddress;

/**
 * Tuning of {@link NettyPeerTransport}.
 *
 * @param listen where to accept peers; null means this server's own entry in the peer list (Ios's
 *     {@code -listen-peers} sets it, e.g. {@code 0.0.0.0:8090}); port 0 picks a free port
 * @param reconnectBackoffMinMs the first wait before redialling a lost or refused peer
 * @param reconnectBackoffMaxMs the wait doubles per failure up to this
 * @param outboundQueueBytesMax bytes queued to one peer beyond which {@code send} drops (the
 *     channel's high write-buffer water mark)
 * @param frameBytesMax the largest message frame accepted or sent
 * @param handshakeTimeoutMs a connection that has not completed its handshake by then is closed
 */
public record PeerTransportOptions(
        InetSocketAddress listen,
        int reconnectBackoffMinMs,
        int reconnectBackoffMaxMs,
        int outboundQueueBytesMax,
        int frameBytesMax,
        int handshakeTimeoutMs) {

    /** Listen on the own address; backoff 50 ms to 2 s; 16 MiB queued per peer; 64 MiB frames; 5 s handshake. */
    public static final PeerTransportOptions DEFAULTS =
            new PeerTransportOptions(null, 50, 2000, 16 << 20, 64 << 20, 5000);

    /** Checks the ranges; throws {@link IllegalArgumentException} naming the bad one. */
    public PeerTransportOptions {
        if (reconnectBackoffMinMs < 1 || reconnectBackoffMaxMs < reconnectBackoffMinMs) {
            throw new IllegalArgumentException("need 1 <= reconnectBackoffMinMs <= reconnectBackoffMaxMs, got "
                    + reconnectBackoffMinMs + " and " + reconnectBackoffMaxMs);
        }
        if (outboundQueueBytesMax < 1024) {
            throw new IllegalArgumentException("outboundQueueBytesMax must be >= 1024, was " + outboundQueueBytesMax);
        }
        if (frameBytesMax < 1024 || frameBytesMax > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("frameBytesMax out of range: " + frameBytesMax);
        }
        if (handshakeTimeoutMs < 1) {
            throw new IllegalArgumentException("handshakeTimeoutMs must be >= 1, was " + handshakeTimeoutMs);
        }
    }

    /** These options listening on {@code address} instead. */
    public PeerTransportOptions withListen(InetSocketAddress address) {
        return new PeerTransportOptions(address, reconnectBackoffMinMs, reconnectBackoffMaxMs, outboundQueueBytesMax,
                frameBytesMax, handshakeTimeoutMs);
    }
}
