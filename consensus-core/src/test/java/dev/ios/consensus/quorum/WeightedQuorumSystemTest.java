package dev.ios.consensus.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Goal: weighted votes count weights, refuse exactly the unsafe thresholds, and pick small quorums. */
class WeightedQuorumSystemTest {

    @Test
    void quorumsAreSetsThatReachTheirWeight() {
        var system = new WeightedQuorumSystem(new int[] {2, 1, 1}, 3, 2);
        assertTrue(system.isReplicationQuorum(0b011));
        assertTrue(system.isReplicationQuorum(0b101));
        assertFalse(system.isReplicationQuorum(0b110));
        assertFalse(system.isReplicationQuorum(0b001));
        assertTrue(system.isRecoveryQuorum(0b001));
        assertTrue(system.isRecoveryQuorum(0b110));
        assertFalse(system.isRecoveryQuorum(0b010));
        assertFalse(system.isReplicationQuorum(0b1000), "bits beyond the servers are ignored");
    }

    @Test
    void thresholdsSummingToTheTotalAreSafeWhenNoSubsetSplitsThem() {
        // No subset of {2, 2, 2} weighs 3, so a replication quorum (>= 3, i.e. >= 4) and a
        // recovery quorum (>= 3, i.e. >= 4) cannot be disjoint in a total of 6.
        var system = new WeightedQuorumSystem(new int[] {2, 2, 2}, 3, 3);
        assertEquals(6, system.totalWeight());
    }

    @Test
    void thresholdsThatAllowADisjointSplitAreRefused() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new WeightedQuorumSystem(new int[] {1, 1, 1, 1}, 2, 2));
        assertTrue(error.getMessage().contains("do not intersect"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[] {3, 1, 1}, 3, 2));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[] {0, 0}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[] {1, -1}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[] {1, 1001}, 1, 1002));
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[] {1, 1}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[] {1, 1}, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[0], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(new int[65], 1, 1));
    }

    @Test
    void thriftyQuorumIsTheCoordinatorThenTheHeaviestOthers() {
        var system = new WeightedQuorumSystem(new int[] {1, 3, 2, 1}, 4, 4);
        assertEquals(0b0011, system.thriftyReplicationQuorum(0));
        assertEquals(0b0110, system.thriftyReplicationQuorum(1));
        assertEquals(0b0110, system.thriftyReplicationQuorum(2));
        assertEquals(0b1010, system.thriftyReplicationQuorum(3));
    }

    @Test
    void thriftyQuorumBreaksTiesByTurnAfterTheCoordinator() {
        var system = new WeightedQuorumSystem(new int[] {1, 1, 1, 1, 1}, 3, 3);
        assertEquals(0b00111, system.thriftyReplicationQuorum(0));
        assertEquals(0b10011, system.thriftyReplicationQuorum(4));
    }

    @Test
    void aCoordinatorWithoutVotesIsStillInItsQuorum() {
        var system = new WeightedQuorumSystem(new int[] {0, 1, 1}, 2, 1);
        assertEquals(0b111, system.thriftyReplicationQuorum(0));
        assertThrows(IllegalArgumentException.class, () -> system.thriftyReplicationQuorum(3));
    }

    @Test
    void largeSystemsAreCheckedArithmetically() {
        int[] ones = new int[40];
        Arrays.fill(ones, 1);
        new WeightedQuorumSystem(ones, 21, 20);
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(ones, 20, 20));
        int[] evens = new int[64];
        Arrays.fill(evens, 2);
        // Total 128 and every subset sum is even: no subset weighs in [63, 128 - 65], so this is safe
        // although 63 + 65 = 128; with recovery=64 a subset of 64 splits it.
        new WeightedQuorumSystem(evens, 63, 65);
        assertThrows(IllegalArgumentException.class, () -> new WeightedQuorumSystem(evens, 63, 64));
    }
}
