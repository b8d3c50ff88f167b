package dev.ios.bench.workload;

import java.util.concurrent.CompletableFuture;

/**
 * A request handed to a {@link KvClient}: the request id the client gave it (the {@code latency.csv}
 * column, known before any answer so a request that is never answered still has its row) and the
 * answer to come.
 *
 * @param requestId the client's RequestID for this request
 * @param reply completes with the client's answer; may also complete exceptionally
 */
public record PendingRequest(long requestId, CompletableFuture<KvResult> reply) {}
