package dev.ios.consensus.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Goal: {@link QuorumSystems#parse} builds Ios's systems with Ios's sizes and our own syntaxes. */
class QuorumSystemsTest {

    // Sizes for N = 1..7 written out by hand from Ios's consensus/quourm.go, not from our formulas.
    private static final int[] STRICT_MAJORITY = {1, 2, 2, 3, 3, 4, 4};
    private static final int[] HALF_ROUNDED_UP = {1, 1, 2, 2, 3, 3, 4};

    @Test
    void strictMajorityUsesMajoritiesForBothPhases() {
        for (int n = 1; n <= 7; n++) {
            assertSizes("strict majority", n, STRICT_MAJORITY[n - 1], STRICT_MAJORITY[n - 1]);
        }
    }

    @Test
    void nonStrictMajorityReplicatesToHalfRoundedUp() {
        for (int n = 1; n <= 7; n++) {
            assertSizes("non-strict majority", n, HALF_ROUNDED_UP[n - 1], STRICT_MAJORITY[n - 1]);
        }
    }

    @Test
    void allInReplicatesToEveryServerAndRecoversFromOne() {
        for (int n = 1; n <= 7; n++) {
            assertSizes("all-in", n, n, 1);
        }
    }

    @Test
    void oneInReplicatesToOneServerAndRecoversFromAll() {
        for (int n = 1; n <= 7; n++) {
            assertSizes("one-in", n, 1, n);
        }
    }

    @Test
    void fixedKReplicatesToKAndRecoversFromTheRest() {
        for (int n = 1; n <= 7; n++) {
            for (int k = 1; k <= n; k++) {
                assertSizes("fixed:" + k, n, k, n + 1 - k);
            }
        }
    }

    @Test
    void namesAreCaseAndSpaceInsensitiveAndNameIsCanonical() {
        QuorumSystem system = QuorumSystems.parse("  Strict \t MAJORITY ", 5);
        assertEquals("strict majority", system.name());
        assertEquals("fixed:2", QuorumSystems.parse("FIXED: 2", 3).name());
    }

    @Test
    void fixedOutsideOneToNIsRefused() {
        for (int n = 1; n <= 7; n++) {
            int servers = n;
            assertRefused("fixed:0", servers, "1 <= k <= " + n);
            assertRefused("fixed:" + (n + 1), servers, "1 <= k <= " + n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed:", "fixed:-1", "fixed:two", "fixed:99999999999", "majority", "", "weighted",
        "weighted replication=2", "weighted 1,1 replication=2", "weighted 1,1,1 quorum=2",
        "weighted 1,1,1 replication=2 replication=2", "weighted 1,,1", "grid", "grid 3", "grid 3x", "grid 0x3",
        "grid 1x2", "grid 4x1", "grid 99999x99999"})
    void malformedOrMismatchedNamesAreRefused(String name) {
        assertRefused(name, 3, "allowed");
    }

    @Test
    void serverCountOutsideOneTo64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QuorumSystems.parse("strict majority", 0));
        assertThrows(IllegalArgumentException.class, () -> QuorumSystems.parse("strict majority", 65));
    }

    @Test
    void weightedParsesWeightsAndVotesInEitherOrder() {
        var expected = new WeightedQuorumSystem(new int[] {2, 1, 1}, 3, 2);
        assertEquals(expected, QuorumSystems.parse("weighted 2,1,1 replication=3 recovery=2", 3));
        assertEquals(expected, QuorumSystems.parse("Weighted 2, 1, 1  recovery=2 replication=3", 3));
        assertEquals("weighted 2,1,1 replication=3 recovery=2", expected.name());
    }

    @Test
    void weightedVotesDefaultToAMajorityOfTheTotalWeight() {
        var system = assertInstanceOf(WeightedQuorumSystem.class, QuorumSystems.parse("weighted 2,1,1,1", 4));
        assertEquals(3, system.replicationWeight());
        assertEquals(3, system.recoveryWeight());
        var onlyRecovery = assertInstanceOf(WeightedQuorumSystem.class,
                QuorumSystems.parse("weighted 1,1,1,1 replication=2", 4));
        assertEquals(3, onlyRecovery.recoveryWeight());
    }

    @Test
    void weightedWithTooFewVotesIsRefusedNamingTwoDisjointQuorums() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> QuorumSystems.parse("weighted 2,1,1 replication=2 recovery=2", 3));
        assertTrue(error.getMessage().contains("unsafe quorum system 'weighted 2,1,1 replication=2 recovery=2'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("do not intersect"), error.getMessage());
    }

    @Test
    void gridParsesRowsByColumns() {
        var grid = assertInstanceOf(GridQuorumSystem.class, QuorumSystems.parse("grid 3x2", 6));
        assertEquals(3, grid.rows());
        assertEquals(2, grid.columns());
        assertEquals(grid, QuorumSystems.parse("GRID 3 x 2", 6));
        assertEquals("grid 3x2", grid.name());
    }

    @Test
    void canonicalNamesParseBackToEqualSystems() {
        String[] names = {"strict majority", "non-strict majority", "all-in", "one-in", "fixed:3",
            "weighted 3,1,1,1,1,0 replication=4 recovery=4", "grid 2x3"};
        for (String name : names) {
            QuorumSystem system = QuorumSystems.parse(name, 6);
            assertEquals(system, QuorumSystems.parse(system.name(), 6), name);
        }
    }

    private static void assertSizes(String name, int n, int replicationSize, int recoverySize) {
        QuorumSystem system = QuorumSystems.parse(name, n);
        String where = name + " at N=" + n;
        assertEquals(n, system.serverCount(), where);
        assertEquals(replicationSize, smallestQuorum(system, true), where + ": replication size");
        assertEquals(recoverySize, smallestQuorum(system, false), where + ": recovery size");
        var counting = assertInstanceOf(CountingQuorumSystem.class, system, where);
        assertEquals(replicationSize, counting.replicationSize(), where);
        assertEquals(recoverySize, counting.recoverySize(), where);
    }

    /** The size of the smallest quorum of the kind, found by the predicate alone. */
    private static int smallestQuorum(QuorumSystem system, boolean replication) {
        int best = Integer.MAX_VALUE;
        for (long set = 0; set < (1L << system.serverCount()); set++) {
            boolean quorum = replication ? system.isReplicationQuorum(set) : system.isRecoveryQuorum(set);
            if (quorum) {
                best = Math.min(best, Long.bitCount(set));
            }
        }
        return best;
    }

    private static void assertRefused(String name, int n, String messagePart) {
        var error = assertThrows(IllegalArgumentException.class, () -> QuorumSystems.parse(name, n), name);
        assertTrue(error.getMessage().contains(messagePart), () -> name + ": " + error.getMessage());
    }
}
