package dev.ios.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.client.FakeIosServer.Mode;
import dev.ios.client.FakeIosServer.Received;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against fake servers: each retry rule of ClientLoop, the outcomes, ids and bounds. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IosClientTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private final FakeIosServer.State state = new FakeIosServer.State();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
    }

    private FakeIosServer fake() throws IOException {
        FakeIosServer fake = FakeIosServer.start(state);
        closeAfter.add(fake);
        return fake;
    }

    private IosClient client(ClientOptions options, String... hostPorts) {
        IosClient client = IosClient.builder().servers(List.of(hostPorts)).options(options).randomSeed(1).build();
        closeAfter.add(0, client);
        return client;
    }

    /**
     * Short backoff; a Timeout long enough that a loaded CI machine never times out a healthy fake
     * (tests of the Timeout set their own).
     */
    private static ClientOptions fast() {
        return ClientOptions.defaults().withTimeoutMs(2_000).withBackoffMs(5).withBeforeForce(-1);
    }

    @Test
    void commandsSucceedAndTypedHelpersReadTheAnswers() throws Exception {
        FakeIosServer server = fake();
        IosClient client = client(fast(), server.hostPort());

        Outcome first = client.submit("update A 1");
        assertEquals(new Outcome.Success("OK", 1, 1), first);
        assertEquals("1", client.execute("get A"));
        assertEquals(Optional.of("1"), client.get("A"));
        assertEquals(Optional.empty(), client.get("nope"));
        client.update("key not found", "key not found");
        assertEquals(Optional.of("key not found"), client.get("key not found"), "a value that reads like the miss");
        client.update("B", "hello world");
        assertEquals("hello world", client.execute("get B"));
        assertTrue(client.exists("B"));
        assertEquals(3, client.count());
        client.delete("B");
        assertFalse(client.exists("B"));
        assertEquals("A, 1\nkey not found, key not found\n", client.print());
        assertEquals(1, server.connectionsAccepted());
        // Read-only commands say so on the wire.
        List<Received> seen = server.received();
        assertFalse(seen.get(0).readOnly());
        assertTrue(seen.get(1).readOnly());
    }

    @Test
    void requestIdsIncreaseFromOneUnderOneRandomPositiveClientId() throws Exception {
        FakeIosServer server = fake();
        IosClient client = client(fast(), server.hostPort());
        client.execute("update A 1");
        client.execute("get A");
        List<Received> seen = server.received();
        assertTrue(client.clientId() > 0);
        assertEquals(client.clientId(), seen.get(0).clientId());
        assertEquals(List.of(1L, 2L), List.of(seen.get(0).requestId(), seen.get(1).requestId()));
    }

    @Test
    void masterHintIsFollowedWithTheSameIdsAndIsNotAFailure() throws Exception {
        FakeIosServer follower = fake().mode(Mode.NOT_MASTER);
        FakeIosServer other = fake().mode(Mode.NOT_MASTER).masterHint(0); // must be skipped: the hint says 2
        FakeIosServer master = fake();
        follower.masterHint(2);
        IosClient client = client(fast().withBeforeForce(0), follower.hostPort(), other.hostPort(), master.hostPort());

        Outcome outcome = client.submit("update A 1");

        assertEquals(new Outcome.Success("OK", 1, 2), outcome);
        assertEquals(0, other.received().size(), "the hint leads straight to server 2");
        Received first = follower.received().get(0);
        Received second = master.received().get(0);
        assertEquals(first.requestId(), second.requestId());
        assertEquals(first.clientId(), second.clientId());
        assertFalse(second.forceViewChange(), "a redirect is not a failure, even with BeforeForce 0");
        assertEquals(2, client.connectedServer());
    }

    @Test
    void anIosServerThatIsNotTheMasterMakesTheClientTryTheNext() throws Exception {
        FakeIosServer old = fake().mode(Mode.IOS_NOT_MASTER);
        FakeIosServer master = fake();
        IosClient client = client(fast(), old.hostPort(), master.hostPort());
        assertEquals("OK", client.execute("update A 1"));
    }

    @Test
    void noAnswerWithinTimeoutMovesToTheNextServer() throws Exception {
        FakeIosServer hung = fake().mode(Mode.SILENT);
        FakeIosServer good = fake();
        IosClient client = client(fast().withTimeoutMs(300), hung.hostPort(), good.hostPort());

        long startNs = System.nanoTime();
        Outcome outcome = client.submit("update A 1");

        // Two tries normally; more only if the healthy fake was slower than 300 ms (a loaded machine).
        assertEquals("OK", ((Outcome.Success) outcome).response());
        assertTrue(outcome.tries() >= 2, outcome::toString);
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(300), "waited the Timeout first");
        assertEquals(hung.received().get(0).requestId(), good.received().get(0).requestId());
    }

    @Test
    void aServerThatNeverReadsCannotStallTheClient() throws Exception {
        // Accepts connections and never reads them: the socket buffers fill and writes would block.
        try (java.net.ServerSocket deaf = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            FakeIosServer good = fake();
            IosClient client = client(fast().withTimeoutMs(300), "127.0.0.1:" + deaf.getLocalPort(), good.hostPort());
            String value = "v".repeat(1 << 20);
            List<CompletableFuture<Outcome>> updates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                updates.add(client.submitAsync("update K" + i + " " + value));
            }
            for (CompletableFuture<Outcome> update : updates) {
                assertEquals("OK", ((Outcome.Success) update.get(10, TimeUnit.SECONDS)).response());
            }
            assertEquals(1, client.connectedServer());
        }
    }

    @Test
    void refusedConnectionMovesToTheNextServer() throws Exception {
        FakeIosServer good = fake();
        IosClient client = client(fast(), "127.0.0.1:" + FakeIosServer.deadPort(), good.hostPort());
        assertEquals(new Outcome.Success("OK", 1, 1), client.submit("update A 1"));
        assertEquals(1, client.connectedServer());
    }

    @Test
    void aServerThatDiesMidRequestIsReplacedAndTheRetryIsAnsweredFromTheSession() throws Exception {
        FakeIosServer dying = fake().script(Mode.NORMAL, Mode.DROP_AFTER_APPLY);
        FakeIosServer next = fake().mode(Mode.HOLD);
        IosClient client = client(fast(), dying.hostPort(), next.hostPort());

        client.execute("update K 1");
        CompletableFuture<Outcome> get = client.submitAsync("get K");
        next.awaitReceived(1, BOUND);
        // The get was applied by `dying` (answer "1" saved), then its connection dropped. Change K
        // before the retry reaches the session: a re-applied get would now read 2.
        state.apply(999, 1, "update K 2");
        next.release();
        Outcome outcome = get.get();

        assertEquals("1", ((Outcome.Success) outcome).response(), "the saved answer, not a second application");
        Received original = dying.received().get(1);
        Received retry = next.received().get(0);
        assertEquals(original.requestId(), retry.requestId());
        assertEquals(original.clientId(), retry.clientId());
        assertEquals(1, state.timesApplied(original.clientId(), original.requestId()));
        assertEquals(2, outcome.tries());
    }

    @Test
    void anUpdateRetriedAfterAnIndeterminateAnswerIsAppliedOnce() throws Exception {
        FakeIosServer unsure = fake().mode(Mode.INDETERMINATE_AFTER_APPLY);
        FakeIosServer good = fake();
        IosClient client = client(fast(), unsure.hostPort(), good.hostPort());
        Outcome outcome = client.submit("update A 1");
        assertEquals("OK", ((Outcome.Success) outcome).response());
        assertEquals(1, state.timesApplied(client.clientId(), outcome.requestId()));
        assertEquals(outcome.requestId(), good.received().get(0).requestId());
    }

    @Test
    void forceViewChangeIsSetOnceFailuresExceedBeforeForce() throws Exception {
        FakeIosServer s0 = fake().script(Mode.DROP_BEFORE_APPLY);
        FakeIosServer s1 = fake().script(Mode.DROP_BEFORE_APPLY);
        FakeIosServer s2 = fake().script(Mode.DROP_BEFORE_APPLY);
        IosClient client = client(fast().withBeforeForce(1), s0.hostPort(), s1.hostPort(), s2.hostPort());

        Outcome outcome = client.submit("update A 1");

        assertEquals(new Outcome.Success("OK", 1, 4), outcome);
        // Ios: force once tries > BeforeForce. Failures before each attempt: 0, 1, 2, 3.
        List<Boolean> forced = List.of(s0.received().get(0).forceViewChange(), s1.received().get(0).forceViewChange(),
                s2.received().get(0).forceViewChange(), s0.received().get(1).forceViewChange());
        assertEquals(List.of(false, false, true, true), forced);
    }

    @Test
    void beforeForceMinusOneNeverForces() throws Exception {
        FakeIosServer s0 = fake().script(Mode.DROP_BEFORE_APPLY, Mode.DROP_BEFORE_APPLY);
        FakeIosServer s1 = fake().script(Mode.DROP_BEFORE_APPLY);
        IosClient client = client(fast().withBeforeForce(-1), s0.hostPort(), s1.hostPort());
        assertEquals("OK", client.execute("update A 1"));
        for (FakeIosServer server : List.of(s0, s1)) {
            for (Received one : server.received()) {
                assertFalse(one.forceViewChange());
            }
        }
    }

    @Test
    void manyAsyncRequestsShareOneConnectionAndAreMatchedById() throws Exception {
        FakeIosServer server = fake().reverseAnswerPairs(true);
        IosClient client = client(fast().withTimeoutMs(5_000), server.hostPort());
        int threads = 4;
        int perThread = 100; // 400 updates and 400 gets: even counts, as the fake answers in pairs
        List<Thread> submitters = new ArrayList<>();
        List<List<CompletableFuture<Outcome>>> perSubmitter = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            List<CompletableFuture<Outcome>> mine = new ArrayList<>();
            perSubmitter.add(mine);
            Thread thread = new Thread(() -> {
                for (int i = base; i < base + perThread; i++) {
                    mine.add(client.submitAsync("update k" + i + " v" + i));
                }
            });
            submitters.add(thread);
            thread.start();
        }
        List<CompletableFuture<Outcome>> updates = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            submitters.get(t).join();
            updates.addAll(perSubmitter.get(t));
        }
        for (CompletableFuture<Outcome> update : updates) {
            assertEquals("OK", ((Outcome.Success) update.get()).response());
        }
        List<CompletableFuture<Outcome>> gets = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            gets.add(client.submitAsync("get k" + i));
        }
        for (int i = 0; i < gets.size(); i++) {
            Outcome outcome = gets.get(i).get();
            assertEquals("v" + i, ((Outcome.Success) outcome).response(), "answer matched to request " + i);
        }
        assertEquals(1, server.connectionsAccepted());
        assertEquals(800, server.received().size());
    }

    @Test
    void concurrentSubmittersGetIncreasingIdsOnTheWire() throws Exception {
        FakeIosServer server = fake();
        IosClient client = client(fast().withTimeoutMs(5_000), server.hostPort());
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Outcome>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    all.add(client.submitAsync("update t" + id + " " + i));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (CompletableFuture<Outcome> one : all) {
            assertInstanceOf(Outcome.Success.class, one.get());
        }
        long previous = 0;
        for (Received one : server.received()) {
            assertTrue(one.requestId() > previous, "ids increase on the wire, so the session applies them all");
            previous = one.requestId();
        }
    }

    @Test
    void givesUpIndeterminateAfterTriesMax() throws Exception {
        FakeIosServer s0 = fake().mode(Mode.SILENT);
        FakeIosServer s1 = fake().mode(Mode.SILENT);
        IosClient client = client(fast().withTimeoutMs(100).withTriesMax(3), s0.hostPort(), s1.hostPort());

        Outcome outcome = client.submit("update A 1");

        Outcome.Indeterminate gaveUp = assertInstanceOf(Outcome.Indeterminate.class, outcome);
        assertEquals(Outcome.Why.TRIES_EXHAUSTED, gaveUp.why());
        assertEquals(3, gaveUp.tries());
        assertTrue(gaveUp.maybeApplied());
        assertEquals(3, s0.received().size() + s1.received().size());
    }

    @Test
    void givesUpIndeterminateAtTheRequestDeadline() throws Exception {
        FakeIosServer hung = fake().mode(Mode.SILENT);
        IosClient client = client(fast().withTimeoutMs(10_000).withRequestDeadlineMs(300), hung.hostPort());
        long startNs = System.nanoTime();
        Outcome.Indeterminate gaveUp = assertInstanceOf(Outcome.Indeterminate.class, client.submit("update A 1"));
        assertEquals(Outcome.Why.DEADLINE, gaveUp.why());
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void noServerReachableEndsUnreachableWithinABoundAndNotApplied() throws Exception {
        IosClient client = client(fast().withConnectRoundsMax(1),
                "127.0.0.1:" + FakeIosServer.deadPort(), "127.0.0.1:" + FakeIosServer.deadPort());
        long startNs = System.nanoTime();
        assertFalse(client.connect());
        Outcome.Indeterminate gaveUp = assertInstanceOf(Outcome.Indeterminate.class, client.submit("update A 1"));
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(3), "bounded, not a hang");
        assertEquals(Outcome.Why.UNREACHABLE, gaveUp.why());
        assertFalse(gaveUp.maybeApplied());
        assertEquals(0, gaveUp.tries());
        assertTrue(gaveUp.detail().startsWith("no Ios server reachable (tried 127.0.0.1:"), gaveUp.detail());
    }

    @Test
    void rejectedAnswersAndInvalidCommandsAreRejected() throws Exception {
        FakeIosServer server = fake().script(Mode.REJECT);
        IosClient client = client(fast(), server.hostPort());
        assertEquals(new Outcome.Rejected("overloaded", 1, 1), client.submit("update A 1"));
        Outcome.Rejected local = assertInstanceOf(Outcome.Rejected.class, client.submit("get A B"));
        assertEquals("request not recognised: get takes 1 argument (get <key>), got 2", local.reason());
        assertEquals(0, local.tries());
        assertEquals(1, server.received().size(), "the invalid command never left the client");
    }

    @Test
    void aStaleAnswerToARetryEndsSessionMovedOn() throws Exception {
        FakeIosServer dying = fake().script(Mode.DROP_BEFORE_APPLY);
        FakeIosServer next = fake().mode(Mode.HOLD);
        IosClient client = IosClient.builder().servers(List.of(dying.hostPort(), next.hostPort())).options(fast())
                .identity(ClientIdentity.of(42, 1)).build();
        closeAfter.add(0, client);
        CompletableFuture<Outcome> first = client.submitAsync("update A 1");
        next.awaitReceived(1, BOUND);
        state.apply(42, 2, "update B 2"); // a later request of the same client got there first
        next.release();
        Outcome.Indeterminate gaveUp = assertInstanceOf(Outcome.Indeterminate.class, first.get());
        assertEquals(Outcome.Why.SESSION_MOVED_ON, gaveUp.why());
        // It was in fact dropped unapplied, but a client cannot tell a drop before applying from one after.
        assertTrue(gaveUp.maybeApplied());
        assertEquals(0, state.timesApplied(42, 1), "and the stale retry was not applied either");
    }

    @Test
    void asyncSubmissionsBeyondInFlightMaxFailFastAndCloseEndsThePendingOnes() throws Exception {
        FakeIosServer hung = fake().mode(Mode.SILENT);
        IosClient client = client(fast().withTimeoutMs(10_000).withInFlightMax(2), hung.hostPort());
        CompletableFuture<Outcome> a = client.submitAsync("update A 1");
        CompletableFuture<Outcome> b = client.submitAsync("update B 1");
        Outcome third = client.submitAsync("update C 1").getNow(null);
        Outcome.Rejected rejected = assertInstanceOf(Outcome.Rejected.class, third, "completed at once");
        assertTrue(rejected.reason().contains("inFlightMax 2"), rejected.reason());
        hung.awaitReceived(2, BOUND);

        client.close();

        for (CompletableFuture<Outcome> pending : List.of(a, b)) {
            Outcome.Indeterminate closed = assertInstanceOf(Outcome.Indeterminate.class, pending.get());
            assertEquals(Outcome.Why.CLOSED, closed.why());
            assertTrue(closed.maybeApplied());
        }
        assertInstanceOf(Outcome.Rejected.class, client.submit("get A"));
    }

    @Test
    void connectRandomStillTriesEveryServerInARound() throws Exception {
        FakeIosServer good = fake();
        for (long seed = 0; seed < 8; seed++) {
            IosClient client = IosClient.builder()
                    .servers(List.of("127.0.0.1:" + FakeIosServer.deadPort(), good.hostPort(),
                            "127.0.0.1:" + FakeIosServer.deadPort()))
                    .options(fast().withConnectRandom(true).withConnectRoundsMax(1)).randomSeed(seed).build();
            try (client) {
                long s = seed;
                assertTrue(client.connect(), () -> "seed=" + s);
                assertEquals(1, client.connectedServer(), "seed=" + seed);
            }
        }
    }
}
