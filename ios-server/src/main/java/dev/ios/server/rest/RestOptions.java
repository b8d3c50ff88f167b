package dev.ios.server.rest;

import java.net.InetSocketAddress;

/**
 * Tuning of {@link RestServer}.
 *
 * @param listen where to serve HTTP ({@code --rest-port}); port 0 picks a free port
 * @param bodyBytesMax the largest request body (a PUT value); larger ones get 413
 * @param requestTimeoutMs how long a request waits for the runtime's answer before it gets 504
 *     (indeterminate: it may still be applied)
 */
public record RestOptions(InetSocketAddress listen, int bodyBytesMax, int requestTimeoutMs) {

    /** 1 MiB bodies (the client port's default line limit) and a 10 s timeout. */
    public static RestOptions defaults(InetSocketAddress listen) {
        return new RestOptions(listen, 1 << 20, 10_000);
    }

    /** Checks the ranges; throws {@link IllegalArgumentException} naming the bad one. */
    public RestOptions {
        if (listen == null) {
            throw new IllegalArgumentException("listen address is required");
        }
        if (bodyBytesMax < 16) {
            throw new IllegalArgumentException("bodyBytesMax must be >= 16, was " + bodyBytesMax);
        }
        if (requestTimeoutMs < 1) {
            throw new IllegalArgumentException("requestTimeoutMs must be >= 1, was " + requestTimeoutMs);
        }
    }
}
