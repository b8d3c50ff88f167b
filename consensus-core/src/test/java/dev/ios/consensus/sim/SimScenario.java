package dev.ios.consensus.sim;

import dev.ios.consensus.quorum.QuorumSystem;
import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.ReplicaConfig;
import java.util.SplittableRandom;

/**
 * A cluster shape and algorithm chosen from a seed: 3 or 5 servers, one of Ios's quorum systems,
 * one of Ios's presets, delegation 0, 2 or -1, with or without index exclusivity and implicit
 * window commit, and the remaining switches at random. The seed alone determines it.
 */
public record SimScenario(ReplicaConfig config, String description, int snapshotInterval) {

    private static final String[] PRESETS = {"simple", "delegated", "fpaxos"};
    private static final int[] DELEGATIONS = {0, 2, -1};

    /** Servers {3, 5} x presets x delegations x exclusivity {off, on}. */
    public static final int CELLS = 2 * 3 * 3 * 2;

    /** The scenario for {@code seed}. */
    public static SimScenario fromSeed(long seed) {
        // The matrix cell comes from the seed's residue, so consecutive seeds cover every cell;
        // everything else is random from the seed.
        int cell = (int) Math.floorMod(seed, (long) CELLS);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5CE_7A810L);
        int n = cell % 2 == 0 ? 3 : 5;
        String[] quorumNames = {"strict majority", "non-strict majority", "all-in", "one-in",
            "fixed:" + (1 + r.nextInt(n))};
        // Majorities are what people run; the others are there to exercise Flexible Paxos.
        String quorumName = r.nextInt(100) < 60 ? "strict majority" : quorumNames[r.nextInt(quorumNames.length)];
        QuorumSystem quorum = QuorumSystems.parse(quorumName, n);
        String preset = PRESETS[cell / 2 % 3];
        int delegation = DELEGATIONS[cell / 6 % 3];
        boolean exclusive = cell / 18 % 2 == 1;
        boolean participantHandle = preset.equals("fpaxos") || r.nextBoolean();
        boolean participantRead = preset.equals("fpaxos") ? r.nextInt(100) < 70 : r.nextInt(100) < 30;
        boolean explicitCommit = !preset.equals("delegated") || r.nextBoolean();
        boolean thrifty = preset.equals("delegated") || r.nextInt(100) < 30;
        int window = preset.equals("delegated") ? 10 : (r.nextBoolean() ? 1 : 1 + r.nextInt(4));
        int maxBatch = preset.equals("simple") ? 10 : 100;
        int batchInterval = r.nextInt(100) < 25 ? 1 + r.nextInt(3) : 0;
        int snapshotInterval = r.nextInt(100) < 50 ? 0 : 3 + r.nextInt(20);
        ReplicaConfig config = ReplicaConfig.simple(quorum)
                .withAlgorithm(delegation, exclusive, participantHandle, participantRead, exclusive, explicitCommit, thrifty)
                .withPerformance(maxBatch, batchInterval, window)
                .withTimers(2, 10, 8, 4, r.nextInt(4));
        String description = "n=" + n + " quorum='" + quorumName + "' preset=" + preset + " delegation=" + delegation
                + " exclusivity+implicit=" + exclusive + " participantHandle=" + participantHandle
                + " participantRead=" + participantRead + " explicitCommit=" + explicitCommit
                + " thrifty=" + thrifty + " window=" + window + " batchInterval=" + batchInterval
                + " snapshotInterval=" + snapshotInterval;
        return new SimScenario(config, description, snapshotInterval);
    }
}
