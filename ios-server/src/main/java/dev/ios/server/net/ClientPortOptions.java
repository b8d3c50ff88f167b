package dev.ios.server.net;

import java.net.InetSocketAddress;

/**
 * Tuning of {@link ClientPortServer}.
 *
 * @param listen where to accept clients (Ios's {@code -listen-clients}, or the client port of the
 *     server's address line); port 0 picks a free port
 * @param maxLineBytes the longest line accepted ({@code [extensions] maxLineBytes}); longer lines
 *     are answered REJECTED and skipped
 * @param pendingRequestsMax requests one connection may have in flight (pipelined) before the
 *     server stops reading from it until answers drain
 */
public record ClientPortOptions(InetSocketAddress listen, int maxLineBytes, int pendingRequestsMax) {

    /** The default line limit (1 MiB) and 1024 pipelined requests per connection. */
    public static ClientPortOptions defaults(InetSocketAddress listen) {
        return new ClientPortOptions(listen, 1 << 20, 1024);
    }

    /** Checks the ranges; throws {@link IllegalArgumentException} naming the bad one. */
    public ClientPortOptions {
        if (listen == null) {
            throw new IllegalArgumentException("listen address is required");
        }
        if (maxLineBytes < 16 || maxLineBytes > (1 << 30)) {
            throw new IllegalArgumentException("maxLineBytes out of range: " + maxLineBytes);
        }
        if (pendingRequestsMax < 1) {
            throw new IllegalArgumentException("pendingRequestsMax must be >= 1, was " + pendingRequestsMax);
        }
    }
}
