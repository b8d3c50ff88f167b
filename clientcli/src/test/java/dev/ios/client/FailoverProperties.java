package dev.ios.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.testkit.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server a client is connected to dies with requests in flight: every request still ends in a
 * success or an explicit outcome, within a bound, and none is applied twice. Each case comes from
 * a printed seed ({@code -Dprop.seed=} replays one, {@code -Dprop.seeds=} runs more).
 */
class FailoverProperties {

    static LongStream seeds() {
        return Seeds.properties(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aDyingServerNeverCausesADoubleApplyOrAHang(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int requests = 50 + random.nextInt(250);
        int killAfter = 1 + random.nextInt(requests);
        boolean connectRandom = random.nextBoolean();
        FakeIosServer.State state = new FakeIosServer.State();
        List<FakeIosServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                servers.add(FakeIosServer.start(state));
            }
            ClientOptions options = ClientOptions.defaults().withTimeoutMs(1_000).withBackoffMs(5)
                    .withConnectRandom(connectRandom).withRequestDeadlineMs(15_000);
            try (IosClient client = IosClient.builder()
                    .servers(List.of(servers.get(0).hostPort(), servers.get(1).hostPort(), servers.get(2).hostPort()))
                    .options(options).randomSeed(seed).build()) {
                assertTrue(client.connect(), "seed=" + seed);
                FakeIosServer victim = servers.get(client.connectedServer());
                List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    outcomes.add(client.submitAsync("update k" + i + " v" + i));
                }
                victim.awaitReceived(killAfter, Duration.ofSeconds(10));
                victim.die();

                long readerId = -1; // another client, to read the store as it is
                for (int i = 0; i < requests; i++) {
                    Outcome outcome = outcomes.get(i).get(20, TimeUnit.SECONDS);
                    // Each command is unique, so counting by text also catches a retry under a new id.
                    int applied = state.timesApplied("update k" + i + " v" + i);
                    String context = "seed=" + seed + " request " + i + " of " + requests + ", kill after " + killAfter
                            + ": " + outcome;
                    if (outcome instanceof Outcome.Success) {
                        assertEquals(1, applied, context);
                        assertEquals("v" + i, state.apply(readerId, i + 1, "get k" + i), context);
                    } else {
                        assertTrue(outcome instanceof Outcome.Indeterminate, context);
                        assertTrue(applied <= 1, context);
                    }
                }
            }
        } finally {
            for (FakeIosServer server : servers) {
                server.close();
            }
        }
    }
}
