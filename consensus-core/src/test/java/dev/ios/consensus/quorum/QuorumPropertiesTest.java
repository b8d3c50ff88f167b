package dev.ios.consensus.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.consensus.testkit.Seeds;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the quorum checks agree with obviously correct brute force, thrifty quorums are always
 * valid and smallest, and parsing fails only with {@link IllegalArgumentException}. Replay one
 * case with {@code -Dprop.seed=<seed>}.
 */
class QuorumPropertiesTest {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void thriftyQuorumIsASmallestReplicationQuorumContainingTheCoordinator(long seed) {
        var random = new SplittableRandom(seed);
        QuorumSystem system = randomSafeSystem(random);
        String where = "seed=" + seed + " system=" + system.name();
        for (int coordinator = 0; coordinator < system.serverCount(); coordinator++) {
            long quorum = system.thriftyReplicationQuorum(coordinator);
            assertTrue(system.isReplicationQuorum(quorum), where + " coordinator=" + coordinator);
            assertTrue(ServerSets.contains(quorum, coordinator), where + " coordinator=" + coordinator);
            assertEquals(0, quorum & ~system.allServers(), where);
            assertEquals(quorum, system.thriftyReplicationQuorum(coordinator), where + ": deterministic");
            if (system.serverCount() <= 12) {
                assertEquals(smallestReplicationQuorumWith(system, coordinator), Long.bitCount(quorum),
                        where + " coordinator=" + coordinator + ": not smallest " + ServerSets.format(quorum));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void exhaustiveCheckAgreesWithPairwiseBruteForce(long seed) {
        var random = new SplittableRandom(seed);
        for (int round = 0; round < 20; round++) {
            int n = 1 + random.nextInt(7);
            boolean[] replication = randomTable(random, n);
            boolean[] recovery = randomTable(random, n);
            boolean expectedSafe = bruteForceSafe(replication, recovery);
            Optional<String> violation = QuorumIntersection.findViolation(n,
                    set -> replication[(int) set], set -> recovery[(int) set]);
            assertEquals(expectedSafe, violation.isEmpty(),
                    () -> "seed=" + seed + " n=" + n + " replication=" + Arrays.toString(replication)
                            + " recovery=" + Arrays.toString(recovery) + " violation=" + violation);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void weightedArithmeticCheckAgreesWithPairwiseBruteForce(long seed) {
        var random = new SplittableRandom(seed);
        for (int round = 0; round < 10; round++) {
            int n = 1 + random.nextInt(8);
            int[] weights = random.ints(n, 0, 5).toArray();
            int total = Arrays.stream(weights).sum();
            int replication = 1 + random.nextInt(total + 1);
            int recovery = 1 + random.nextInt(total + 1);
            String where = "seed=" + seed + " weights=" + Arrays.toString(weights) + " replication=" + replication
                    + " recovery=" + recovery;
            boolean[] isReplication = new boolean[1 << n];
            boolean[] isRecovery = new boolean[1 << n];
            for (int set = 0; set < 1 << n; set++) {
                isReplication[set] = weightOf(weights, set) >= replication;
                isRecovery[set] = weightOf(weights, set) >= recovery;
            }
            boolean disjointExists = disjointQuorumsExist(isReplication, isRecovery);
            Optional<Long> split = WeightedQuorumSystem.findDisjointSplit(weights, replication, recovery);
            assertEquals(disjointExists, split.isPresent(), where);
            if (split.isPresent()) {
                long rest = ServerSets.all(n) & ~split.get();
                assertTrue(isReplication[(int) (long) split.get()] && isRecovery[(int) rest], where + ": bad witness");
            }
            boolean constructible = constructs(() -> new WeightedQuorumSystem(weights, replication, recovery));
            assertEquals(bruteForceSafe(isReplication, isRecovery), constructible, where);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void countingConstructionAgreesWithPairwiseBruteForce(long seed) {
        var random = new SplittableRandom(seed);
        for (int round = 0; round < 10; round++) {
            int n = 1 + random.nextInt(8);
            int replication = random.nextInt(n + 2);
            int recovery = random.nextInt(n + 2);
            boolean[] isReplication = new boolean[1 << n];
            boolean[] isRecovery = new boolean[1 << n];
            for (int set = 0; set < 1 << n; set++) {
                isReplication[set] = Integer.bitCount(set) >= replication;
                isRecovery[set] = Integer.bitCount(set) >= recovery;
            }
            boolean constructible = constructs(() -> new CountingQuorumSystem("t", n, replication, recovery));
            assertEquals(bruteForceSafe(isReplication, isRecovery), constructible,
                    "seed=" + seed + " n=" + n + " replication=" + replication + " recovery=" + recovery);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void parseThrowsOnlyIllegalArgumentOnRandomText(long seed) {
        var random = new SplittableRandom(seed);
        String[] pieces = {"strict", "non-strict", "majority", "all-in", "one-in", "fixed", ":", "weighted", "grid",
            "replication", "recovery", "=", ",", "x", " ", "  ", "\t", "-", "+", "0", "1", "2", "3", "16", "64",
            "999999999999", "٣", "\u0000", "é", "\n", "I", "İ"};
        for (int round = 0; round < 50; round++) {
            var text = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(10) == 0
                        ? Character.toString(random.nextInt(0x3000))
                        : pieces[random.nextInt(pieces.length)]);
            }
            int n = random.nextInt(10) == 0 ? random.nextInt(-2, 70) : 1 + random.nextInt(8);
            try {
                QuorumSystem system = QuorumSystems.parse(text.toString(), n);
                assertEquals(n, system.serverCount(), "seed=" + seed + " text=" + text);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isBlank(), "seed=" + seed);
            } catch (RuntimeException e) {
                fail("seed=" + seed + " text='" + text + "' n=" + n + " threw " + e, e);
            }
        }
    }

    /** A random safe system of any kind and size, built by retrying random parameters. */
    static QuorumSystem randomSafeSystem(SplittableRandom random) {
        while (true) {
            int kind = random.nextInt(3);
            try {
                if (kind == 0) {
                    int n = 1 + random.nextInt(64);
                    int replication = 1 + random.nextInt(n);
                    int recovery = n + 1 - replication + random.nextInt(replication);
                    return new CountingQuorumSystem("random", n, replication, recovery);
                } else if (kind == 1) {
                    int n = 1 + random.nextInt(random.nextBoolean() ? 12 : 64);
                    int weightMax = random.nextBoolean() ? 4 : WeightedQuorumSystem.WEIGHT_MAX;
                    int[] weights = random.ints(n, 0, weightMax + 1).toArray();
                    int total = Arrays.stream(weights).sum();
                    int replication = 1 + random.nextInt(Math.max(total, 1));
                    int recovery = 1 + random.nextInt(Math.max(total, 1));
                    return new WeightedQuorumSystem(weights, replication, recovery);
                } else {
                    int rows = 1 + random.nextInt(8);
                    int columns = 1 + random.nextInt(64 / rows);
                    return new GridQuorumSystem(rows, columns);
                }
            } catch (IllegalArgumentException unsafe) {
                // Random thresholds are often unsafe; draw again.
            }
        }
    }

    private static boolean constructs(Runnable construction) {
        try {
            construction.run();
            return true;
        } catch (IllegalArgumentException refused) {
            return false;
        }
    }

    /** Random predicate tables: usually the up-closure of a few sets, sometimes with a defect. */
    private static boolean[] randomTable(SplittableRandom random, int n) {
        boolean[] table = new boolean[1 << n];
        int generators = random.nextInt(4);
        for (int g = 0; g < generators; g++) {
            int generator = random.nextInt(1 << n);
            for (int set = 0; set < 1 << n; set++) {
                if ((set & generator) == generator) {
                    table[set] = true;
                }
            }
        }
        if (random.nextInt(4) == 0) {
            int flipped = random.nextInt(1 << n);
            table[flipped] = !table[flipped];
        }
        return table;
    }

    /** The definition, checked naively: some quorum of each kind, monotone, all pairs intersect. */
    private static boolean bruteForceSafe(boolean[] replication, boolean[] recovery) {
        return exists(replication) && exists(recovery) && monotone(replication) && monotone(recovery)
                && !disjointQuorumsExist(replication, recovery);
    }

    private static boolean exists(boolean[] table) {
        for (boolean quorum : table) {
            if (quorum) {
                return true;
            }
        }
        return false;
    }

    private static boolean monotone(boolean[] table) {
        for (int small = 0; small < table.length; small++) {
            for (int big = 0; big < table.length; big++) {
                if ((small & big) == small && table[small] && !table[big]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean disjointQuorumsExist(boolean[] replication, boolean[] recovery) {
        for (int a = 0; a < replication.length; a++) {
            for (int b = 0; b < recovery.length; b++) {
                if (replication[a] && recovery[b] && (a & b) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int weightOf(int[] weights, int set) {
        int weight = 0;
        for (int server = 0; server < weights.length; server++) {
            if ((set & (1 << server)) != 0) {
                weight += weights[server];
            }
        }
        return weight;
    }

    private static int smallestReplicationQuorumWith(QuorumSystem system, int coordinator) {
        int best = Integer.MAX_VALUE;
        for (long set = 0; set < 1L << system.serverCount(); set++) {
            if (ServerSets.contains(set, coordinator) && system.isReplicationQuorum(set)) {
                best = Math.min(best, Long.bitCount(set));
            }
        }
        return best;
    }
}
