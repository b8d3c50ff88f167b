package dev.ios.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.Footprint;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.consensus.testkit.Seeds;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing a replica keeps grows with the number of requests once snapshots trim the log (issue 7,
 * memory): a 3-server cluster serves 200,000 requests with snapshots on, messages lost, duplicated
 * and reordered, and every replica collection must stay below a bound computed from the
 * configuration alone. Delegation 0, 2 and -1 by seed; replay one with {@code -Dsim.seed=<seed>}.
 */
class BoundedFootprintTest {

    static final int REQUESTS = 200_000;
    static final int CLIENTS = 100;
    static final int SNAPSHOT_INTERVAL = 64;
    static final int SNAPSHOT_TAIL = 16;
    static final int WINDOW = 4;
    static final int MAX_BATCH = 10;

    static LongStream seeds() {
        return Seeds.consecutive("sim.seed", 3, 0);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void replicaCollectionsStayBoundedOverManyRequests(long seed) {
        int[] delegations = {0, 2, -1};
        int delegation = delegations[(int) Math.floorMod(seed, 3L)];
        ReplicaConfig config = ReplicaConfig.simple(QuorumSystems.parse("strict majority", 3))
                .withAlgorithm(delegation, false, true, true, true, true, false)
                .withPerformance(MAX_BATCH, 0, WINDOW)
                .withTimers(2, 10, 8, 4, SNAPSHOT_TAIL);
        // Loss, duplication and reordering, but no crashes or partitions: those let a server fall
        // arbitrarily far behind for a while, which is bounded by time, not by requests.
        FaultPlan faults = new FaultPlan(20, 20, 20, false, false, false);
        Trace.Recording trace = Trace.recording(40);
        SimCluster cluster = new SimCluster(config, seed, faults, SNAPSHOT_INTERVAL, trace);
        for (int i = 0; i < CLIENTS; i++) {
            cluster.addClient(REQUESTS / CLIENTS, 1000, 10, 3);
        }
        cluster.run(REQUESTS);
        boolean finished = cluster.healAndRunUntilQuiet(20_000);
        String context = "seed=" + seed + " (replay: -Dsim.seed=" + seed + ") delegation=" + delegation
                + " completed=" + cluster.completedRequests() + " max " + cluster.footprintMax();
        assertTrue(finished, () -> context + ": not every request completed\n  " + String.join("\n  ", trace.lines()));
        assertTrue(cluster.completedRequests() >= REQUESTS, context);

        Footprint max = cluster.footprintMax();
        // The log holds what the last snapshot does not cover, the tail kept below it for catch-up,
        // and the window above the applied index; a follower a little behind (a lost Commit or
        // Prepare) adds at most a few windows before it catches up by Copy. None of it depends on
        // how many requests ran.
        int logSlotsMax = SNAPSHOT_INTERVAL + SNAPSHOT_TAIL + 8 * WINDOW + config.copyEntriesMax();
        assertTrue(max.logSlots() <= logSlotsMax, () -> context + ": log slots above " + logSlotsMax);
        assertTrue(max.inFlight() <= WINDOW, () -> context + ": in-flight indices above the window");
        // A coordinator holds at most the window of the current view; stale ones go once applied.
        assertTrue(max.coordinations() <= 2 * WINDOW, () -> context + ": coordinations above 2 windows");
        // Each client has one request outstanding, so the queue and the reads cannot exceed them.
        assertTrue(max.pendingRequests() <= CLIENTS, () -> context + ": pending requests above the clients");
        assertTrue(max.pendingReads() <= CLIENTS, () -> context + ": pending reads above the clients");
        assertTrue(max.promises() <= 3, () -> context + ": promises above the server count");
        System.out.println("BoundedFootprintTest " + context);
    }
}
