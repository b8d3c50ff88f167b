package dev.ios.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.config.WorkloadConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The runner always ends within its time bound, whatever the client does, and {@code -check}
 * catches a wrong answer.
 */
class WorkloadRunnerTest {

    static final WorkloadConfig MANY_REQUESTS = new WorkloadConfig(50, 0, 10, 1, 8, 1_000_000);

    static RunOptions options(int clients, Duration duration, Duration requestTimeout, boolean check) {
        return new RunOptions(clients, duration, requestTimeout, check, Duration.ofMillis(100), null);
    }

    /** A client whose answers never come. */
    static final class SilentClient implements KvClient {
        final AtomicLong ids = new AtomicLong();

        @Override
        public PendingRequest submit(String command, boolean readOnly) {
            return new PendingRequest(ids.incrementAndGet(), new CompletableFuture<>());
        }

        @Override
        public void close() {}
    }

    @Test
    void durationStopsAWorkloadThatWouldRunForHours() {
        try (FakeKvClient client = new FakeKvClient(0)) {
            long startNs = System.nanoTime();
            RunResult result = WorkloadRunner.run(client, WorkloadGenerator.create(MANY_REQUESTS, 3),
                    options(4, Duration.ofMillis(300), Duration.ofSeconds(5), false), null);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            assertTrue(tookMs < 300 + 1_000, "took " + tookMs + " ms");
            assertTrue(result.summary().requests() > 0 && result.summary().requests() < 4L * MANY_REQUESTS.requests());
            assertEquals(0, result.summary().errors());
            assertEquals(0, result.workersStuck());
            assertTrue(result.timeline().size() >= 3, "a point per 100 ms: " + result.timeline());
        }
    }

    @Test
    void unansweredRequestsTimeOutWithinTheBound() {
        long startNs = System.nanoTime();
        RunResult result = WorkloadRunner.run(new SilentClient(), WorkloadGenerator.create(MANY_REQUESTS, 3),
                options(3, Duration.ofMillis(300), Duration.ofMillis(200), false), null);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

        // Bound: duration + request timeout + grace.
        assertTrue(tookMs < 300 + 200 + 1_000, "took " + tookMs + " ms");
        assertTrue(result.summary().requests() >= 3, "each client sent at least one: " + result.summary());
        assertEquals(result.summary().requests(), result.summary().errors(), "every request timed out");
        assertEquals(0, result.workersStuck());
    }

    @Test
    void aClientThatBlocksInSubmitIsInterruptedAtTheBound() {
        CountDownLatch never = new CountDownLatch(1);
        // Workers that reached submit before the deadline: on a loaded machine a worker may start
        // too late to send anything, and then it has nothing to count.
        AtomicInteger entered = new AtomicInteger();
        KvClient blocking = new KvClient() {
            @Override
            public PendingRequest submit(String command, boolean readOnly) {
                entered.incrementAndGet();
                try {
                    never.await(); // breaks the contract: submit must not block
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new PendingRequest(1, CompletableFuture.failedFuture(new IllegalStateException("interrupted")));
            }

            @Override
            public void close() {}
        };
        long startNs = System.nanoTime();
        RunResult result = WorkloadRunner.run(blocking, WorkloadGenerator.create(MANY_REQUESTS, 3),
                options(2, Duration.ofMillis(1_000), Duration.ofMillis(200), false), null);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

        assertTrue(tookMs < 1_000 + 200 + 2 * 1_000 + 500, "took " + tookMs + " ms");
        assertEquals(0, result.workersStuck(), "interrupted workers stop");
        assertTrue(entered.get() >= 1 && entered.get() <= 2, "workers in submit: " + entered.get());
        assertEquals(entered.get(), result.summary().errors(), "each blocked request is counted once, as an error");
    }

    @Test
    void checkPassesAgainstACorrectClientAndPrintsProgress() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        WorkloadConfig workload = new WorkloadConfig(50, 0, 5, 1, 4, 2_000);
        try (FakeKvClient client = new FakeKvClient(0)) {
            RunResult result = WorkloadRunner.run(client, WorkloadGenerator.create(workload, 9),
                    new RunOptions(1, Duration.ofSeconds(30), Duration.ofSeconds(5), true, Duration.ofMillis(100),
                            new PrintStream(progress, true, StandardCharsets.UTF_8)), null);

            assertNull(result.checkFailure());
            assertEquals(2_000, result.summary().requests());
        }
        // At least the final line, which covers every request.
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("2000 requests, 0 errors"), progress.toString());
    }

    @Test
    void checkStopsAtTheFirstWrongAnswer() {
        // Answers every get with a value that was never written.
        KvClient lying = new KvClient() {
            final FakeKvClient honest = new FakeKvClient(0);

            @Override
            public PendingRequest submit(String command, boolean readOnly) {
                if (readOnly) {
                    return new PendingRequest(0, CompletableFuture.completedFuture(KvResult.success("made-up")));
                }
                return honest.submit(command, false);
            }

            @Override
            public void close() {}
        };
        RunResult result = WorkloadRunner.run(lying, WorkloadGenerator.create(new WorkloadConfig(50, 0, 5, 1, 4, 1_000), 9),
                options(1, Duration.ofSeconds(30), Duration.ofSeconds(5), true), null);

        assertNotNull(result.checkFailure());
        assertTrue(result.checkFailure().contains("got 'made-up'"), result.checkFailure());
        assertTrue(result.summary().requests() < 1_000, "the run stopped at the first difference");
    }
}
