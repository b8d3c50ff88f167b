package dev.ios.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.lincheck.KvModel;
import dev.ios.consensus.lincheck.Linearizability;
import dev.ios.consensus.lincheck.Operation;
import dev.ios.consensus.lincheck.Result;
import dev.ios.consensus.testkit.Seeds;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protocol under every fault the simulator has: for each seed, a randomly shaped cluster runs
 * a client workload while messages are lost, duplicated and reordered, the network splits, and
 * servers crash losing unsynced writes; then the faults heal. Safety (no two servers apply
 * different entries at an index) is checked at every apply; at the end every request must have
 * completed, and the clients' history must be linearizable (Wing-Gong, per key). Replay one seed with {@code -Dsim.seed=<seed>}; soak with {@code -Dsim.seeds=100000}.
 */
class ClusterProperties {

    /** Seeds a default (CI) run covers: FIRST_SEED, FIRST_SEED + 1, ... */
    static final int CI_SEEDS = 200;
    static final long FIRST_SEED = 1;

    static LongStream seeds() {
        return Seeds.consecutive("sim.seed", CI_SEEDS, FIRST_SEED);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void safeUnderFaultsAndLiveAfterHealing(long seed) {
        SimScenario scenario = SimScenario.fromSeed(seed);
        Trace.Recording trace = Trace.recording(60);
        SimCluster cluster = new SimCluster(scenario.config(), seed, FaultPlan.everything(),
                scenario.snapshotInterval(), trace);
        for (int i = 0; i < 3; i++) {
            cluster.addClient(40, 3, 30, 3);
        }
        try {
            cluster.run(1500);
            boolean finished = cluster.healAndRunUntilQuiet(4000);
            assertTrue(finished, () -> failure(seed, scenario, trace, "not every request completed after healing"));
            Result<String, String> result = Linearizability.check(operations(cluster.history()), KvModel.INSTANCE);
            assertTrue(result.ok(), () -> failure(seed, scenario, trace, "history not linearizable:\n" + result.explain()));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(failure(seed, scenario, trace, e.toString()), e);
        }
    }

    /** The clients' history in the checker's terms; an unanswered request has an unknown outcome. */
    static List<Operation<String, String>> operations(List<HistoryOp> history) {
        return history.stream()
                .map(h -> h.completed()
                        ? new Operation<>(h.clientId(), h.callTime(), h.returnTime(), h.input(), h.output())
                        : Operation.<String, String>unknown(h.clientId(), h.callTime(), h.input()))
                .toList();
    }

    private static String failure(long seed, SimScenario scenario, Trace.Recording trace, String what) {
        List<String> lines = trace.lines();
        return "seed=" + seed + " (replay: -Dsim.seed=" + seed + ")\n" + scenario.description() + "\n" + what
                + "\nlast trace lines:\n  " + String.join("\n  ", lines);
    }
}
