package dev.ios.bench.workload;

import dev.ios.client.IosClient;
import dev.ios.client.Outcome.Indeterminate;
import dev.ios.client.Outcome.Rejected;
import dev.ios.client.Outcome.Success;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real Ios client ({@link IosClient}, clientcli) behind the {@link KvClient} seam: one worker's
 * connection to the cluster.
 *
 * <p>One per worker, one request in flight: a server's session keeps only a client's latest
 * request, so two requests in flight under one client id could leave the earlier one without a
 * definite answer after a failover ({@code SESSION_MOVED_ON}). The runner's closed loop keeps one
 * in flight; a request the runner stopped waiting for may still be in flight when the next is
 * submitted, and then the next may end that way — it is recorded as it ends, never hidden.
 *
 * <p>Request ids: {@link IosClient} gives a request its id when its loop thread takes it, so the id
 * in {@link PendingRequest} is a prediction (the last id seen plus one, right with one request in
 * flight); the answer carries the real one in {@link KvResult#requestId()}, which the runner prefers.
 *
 * <p>Threads: thread-safe; futures complete on the client's loop thread.
 */
public final class IosKvClient implements KvClient {

    private final IosClient client;
    // The highest request id an answer has carried; ids of one client only grow.
    private final AtomicLong requestIdSeen = new AtomicLong();

    /** Wraps {@code client}, which this adapter now owns and closes. */
    public IosKvClient(IosClient client) {
        this.client = client;
    }

    /** The client id the wrapped client sends. */
    public long clientId() {
        return client.clientId();
    }

    @Override
    public PendingRequest submit(String command, boolean readOnly) {
        long requestIdPredicted = requestIdSeen.get() + 1;
        CompletableFuture<KvResult> reply = client.submitAsync(command, readOnly).thenApply(outcome -> {
            requestIdSeen.accumulateAndGet(outcome.requestId(), Math::max);
            return toResult(outcome);
        });
        return new PendingRequest(requestIdPredicted, reply);
    }

    /** Maps the client's closed set of outcomes onto bench's, with Ios's count of failed tries. */
    static KvResult toResult(dev.ios.client.Outcome outcome) {
        // Ios's tries column counts the failed attempts before the last; the client counts sends.
        int triesFailed = Math.max(0, outcome.tries() - 1);
        if (outcome instanceof Success success) {
            return new KvResult(Outcome.SUCCESS, success.response(), triesFailed, success.requestId());
        }
        if (outcome instanceof Rejected rejected) {
            return new KvResult(Outcome.REJECTED, rejected.reason(), triesFailed, rejected.requestId());
        }
        Indeterminate indeterminate = (Indeterminate) outcome;
        String reason = indeterminate.why() + ": " + indeterminate.detail()
                + (indeterminate.maybeApplied() ? " (may have been applied)" : " (not applied)");
        return new KvResult(Outcome.INDETERMINATE, reason, triesFailed, indeterminate.requestId());
    }

    @Override
    public void close() {
        client.close();
    }
}
