package dev.ios.bench.workload;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a workload against a {@link KvClient}: {@code clients} workers, each a closed loop (wait the
 * request's delay, send it, wait for the answer, record it) over its own {@link
 * WorkloadGenerator.ClientStream}, until its requests are done or the duration is over.
 *
 * <p>Always bounded in time: no request starts after {@code duration}; a worker waits at most
 * {@code requestTimeout} for an answer; and the runner returns at most {@code duration +
 * requestTimeout + 1 s} after it started, interrupting workers that are still busy (a client that
 * blocks in {@code submit} despite its contract) and reporting how many did not stop.
 */
public final class WorkloadRunner {

    /** Slack after the last possible answer before workers are interrupted. */
    static final long GRACE_NS = TimeUnit.SECONDS.toNanos(1);

    // Worker i sends through clients.get(i) (the same client for all, or one each).
    private final List<? extends KvClient> clients;
    private final History history;
    private final WorkloadGenerator generator;
    private final RunOptions options;
    private final RunRecorder recorder;
    private final UnixClock clock = new UnixClock();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<String> checkFailure = new AtomicReference<>();
    private long startNs;
    private long deadlineNs;

    private WorkloadRunner(List<? extends KvClient> clients, WorkloadGenerator generator, RunOptions options, LatencyCsv csv,
                           History history) {
        if (clients.size() != options.clients()) {
            throw new IllegalArgumentException(options.clients() + " workers need as many clients, got " + clients.size());
        }
        this.clients = clients;
        this.history = history;
        this.generator = generator;
        this.options = options;
        this.recorder = new RunRecorder(csv, options.progress());
    }

    /**
     * Runs the workload and returns what it measured. {@code csv} gets one row per request, or is
     * null for none. Returns early if the thread is interrupted (the result then covers what ran).
     */
    public static RunResult run(KvClient client, WorkloadGenerator generator, RunOptions options, LatencyCsv csv) {
        return new WorkloadRunner(Collections.nCopies(options.clients(), client), generator, options, csv, null).run();
    }

    /**
     * Runs the workload with worker {@code i} sending through {@code clients.get(i)} (one client per
     * worker, as the real client needs: one request in flight per client id), and records every
     * operation in {@code history} unless it is null. Otherwise as {@link #run(KvClient,
     * WorkloadGenerator, RunOptions, LatencyCsv)}.
     */
    public static RunResult run(List<? extends KvClient> clients, WorkloadGenerator generator, RunOptions options,
                                LatencyCsv csv, History history) {
        return new WorkloadRunner(List.copyOf(clients), generator, options, csv, history).run();
    }

    private RunResult run() {
        startNs = System.nanoTime();
        deadlineNs = startNs + options.duration().toNanos();
        long boundNs = deadlineNs + options.requestTimeout().toNanos() + GRACE_NS;
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(options.clients(), runnable -> {
            Thread thread = new Thread(runnable, "bench-client-" + threadNumber.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-progress");
            thread.setDaemon(true);
            return thread;
        });
        long intervalNs = options.progressInterval().toNanos();
        timer.scheduleAtFixedRate(() -> recorder.rollInterval(secondsSinceStart(System.nanoTime())),
                intervalNs, intervalNs, TimeUnit.NANOSECONDS);
        CountDownLatch done = new CountDownLatch(options.clients());
        for (int i = 0; i < options.clients(); i++) {
            int clientIndex = i;
            workers.execute(() -> {
                try {
                    runClient(clientIndex, generator.forClient(clientIndex));
                } finally {
                    done.countDown();
                }
            });
        }
        workers.shutdown();
        int stuck = awaitWorkers(workers, done, boundNs);
        long endNs = System.nanoTime();
        timer.shutdownNow();
        try {
            // A roll already running must end before the last one, or two would share an interval.
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.rollInterval(secondsSinceStart(endNs));
        return recorder.finish(endNs - startNs, checkFailure.get(), stuck);
    }

    /** Waits for the workers until {@code boundNs}, then interrupts them; returns how many never stopped. */
    private static int awaitWorkers(ExecutorService workers, CountDownLatch done, long boundNs) {
        try {
            if (!done.await(Math.max(0, boundNs - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                workers.shutdownNow();
                done.await(GRACE_NS, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        return (int) done.getCount();
    }

    private double secondsSinceStart(long nowNs) {
        return (nowNs - startNs) / 1e9;
    }

    private void runClient(int clientIndex, WorkloadGenerator.ClientStream stream) {
        KvModel model = options.check() ? new KvModel() : null;
        while (stream.hasNext() && !stop.get()) {
            WorkloadRequest request = stream.next();
            if (!pause(request.delayMs())) {
                return;
            }
            if (System.nanoTime() >= deadlineNs || stop.get()) {
                return;
            }
            if (!send(clientIndex, request, model)) {
                return;
            }
        }
    }

    /** Sleeps {@code delayMs} unless that passes the deadline; false if the worker must stop. */
    private boolean pause(int delayMs) {
        if (delayMs == 0) {
            return true;
        }
        long delayNs = TimeUnit.MILLISECONDS.toNanos(delayMs);
        if (System.nanoTime() + delayNs >= deadlineNs) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(delayNs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends one request and records it; false if the worker must stop. */
    private boolean send(int clientIndex, WorkloadRequest request, KvModel model) {
        long sentNs = System.nanoTime();
        long requestId = -1;
        KvResult result = null;
        Outcome outcome;
        boolean interrupted = false;
        try {
            PendingRequest pending = clients.get(clientIndex).submit(request.command(), request.readOnly());
            requestId = pending.requestId();
            try {
                result = pending.reply().get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
                outcome = result.outcome();
            } catch (TimeoutException e) {
                outcome = Outcome.TIMED_OUT;
                pending.reply().cancel(false);
            } catch (ExecutionException e) {
                outcome = Outcome.FAILED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
            outcome = Outcome.TIMED_OUT;
        } catch (RuntimeException e) {
            // A client that throws instead of failing its future: count it, do not kill the worker.
            outcome = Outcome.FAILED;
        }
        long endNs = System.nanoTime();
        long latencyNs = endNs - sentNs;
        int tries = result == null ? 0 : result.tries();
        if (result != null && result.requestId() > 0) {
            requestId = result.requestId();
        }
        if (history != null) {
            history.record(clientIndex, request.command(), result == null ? outcome.name() : result.response(), sentNs, endNs,
                    outcome);
        }
        recorder.record(new RequestSample(clock.unixNs(sentNs), requestId, latencyNs, tries, request.readOnly(), outcome));
        if (model != null) {
            checkResponse(request, requestId, outcome, result, model);
        }
        return !interrupted;
    }

    /** Ios's {@code -check}: the response must be the model's; the first difference stops the run. */
    private void checkResponse(WorkloadRequest request, long requestId, Outcome outcome, KvResult result, KvModel model) {
        if (outcome.isError()) {
            // The request may or may not have been applied, so the model no longer knows the state.
            fail("request " + requestId + " (" + request.command() + ") ended " + outcome
                    + (result == null ? "" : ": " + result.response()) + "; -check needs every request to succeed");
            return;
        }
        String expected = model.apply(request.command());
        if (!expected.equals(result.response())) {
            fail("request " + requestId + " (" + request.command() + "): expected '" + expected + "', got '"
                    + result.response() + "'");
        }
    }

    private void fail(String message) {
        checkFailure.compareAndSet(null, message);
        stop.set(true);
    }
}
