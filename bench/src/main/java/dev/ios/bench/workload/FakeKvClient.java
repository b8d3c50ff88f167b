package dev.ios.bench.workload;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process stand-in for a cluster: answers from a {@link KvModel} after a fixed delay, with
 * request ids 1, 2, 3, ... For tests and {@code ios bench --fake} (a smoke run of the generator,
 * its CSV, summary and report), never for numbers about Ios.
 *
 * <p>Threads: thread-safe; answers complete on one scheduler thread, in order of their deadlines.
 */
public final class FakeKvClient implements KvClient {

    private final KvModel model = new KvModel();
    private final AtomicLong requestIdLast = new AtomicLong();
    private final long delayMicros;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-kv-client");
        thread.setDaemon(true);
        return thread;
    });

    /** A fake that answers each request {@code delayMicros} after it was sent (0: at once, on the caller). */
    public FakeKvClient(long delayMicros) {
        if (delayMicros < 0) {
            throw new IllegalArgumentException("delayMicros must be >= 0, was " + delayMicros);
        }
        this.delayMicros = delayMicros;
    }

    @Override
    public PendingRequest submit(String command, boolean readOnly) {
        long requestId = requestIdLast.incrementAndGet();
        CompletableFuture<KvResult> reply = new CompletableFuture<>();
        if (delayMicros == 0) {
            reply.complete(KvResult.success(answer(command)));
        } else {
            scheduler.schedule(() -> reply.complete(KvResult.success(answer(command))), delayMicros, TimeUnit.MICROSECONDS);
        }
        return new PendingRequest(requestId, reply);
    }

    private synchronized String answer(String command) {
        return model.apply(command);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
