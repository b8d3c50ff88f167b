package dev.ios.consensus.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Goal: a grid replicates to whole rows, recovers from whole columns, and degenerates sensibly. */
class GridQuorumSystemTest {

    // grid 2x3:  row 0 = servers 0 1 2,  row 1 = servers 3 4 5;  columns {0,3} {1,4} {2,5}.
    private final GridQuorumSystem grid = new GridQuorumSystem(2, 3);

    @Test
    void aReplicationQuorumHoldsAWholeRow() {
        assertTrue(grid.isReplicationQuorum(0b000111));
        assertTrue(grid.isReplicationQuorum(0b111000));
        assertTrue(grid.isReplicationQuorum(0b001111));
        assertFalse(grid.isReplicationQuorum(0b011011), "two columns but no whole row");
    }

    @Test
    void aRecoveryQuorumHoldsAWholeColumn() {
        assertTrue(grid.isRecoveryQuorum(0b001001));
        assertTrue(grid.isRecoveryQuorum(0b100100));
        assertFalse(grid.isRecoveryQuorum(0b000111), "a whole row but no whole column");
    }

    @Test
    void thriftyQuorumIsTheCoordinatorsRow() {
        for (int coordinator = 0; coordinator < 3; coordinator++) {
            assertEquals(0b000111, grid.thriftyReplicationQuorum(coordinator));
        }
        for (int coordinator = 3; coordinator < 6; coordinator++) {
            assertEquals(0b111000, grid.thriftyReplicationQuorum(coordinator));
        }
        assertThrows(IllegalArgumentException.class, () -> grid.thriftyReplicationQuorum(6));
    }

    @Test
    void oneRowIsAllInAndOneColumnIsOneIn() {
        assertSamePredicates(new GridQuorumSystem(1, 5), QuorumSystems.parse("all-in", 5));
        assertSamePredicates(new GridQuorumSystem(5, 1), QuorumSystems.parse("one-in", 5));
    }

    @Test
    void sizesOutsideOneTo64ServersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GridQuorumSystem(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new GridQuorumSystem(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new GridQuorumSystem(5, 13));
        assertThrows(IllegalArgumentException.class, () -> new GridQuorumSystem(65536, 65536));
        assertEquals(64, new GridQuorumSystem(8, 8).serverCount());
    }

    private static void assertSamePredicates(QuorumSystem a, QuorumSystem b) {
        for (long set = 0; set < (1L << a.serverCount()); set++) {
            assertEquals(a.isReplicationQuorum(set), b.isReplicationQuorum(set), "replication " + set);
            assertEquals(a.isRecoveryQuorum(set), b.isRecoveryQuorum(set), "recovery " + set);
        }
    }
}
