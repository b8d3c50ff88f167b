package dev.ios.consensus.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/** Goal: the exhaustive check names each kind of unsafe system and accepts safe ones. */
class QuorumIntersectionTest {

    @Test
    void majoritiesAreSafe() {
        assertEquals(Optional.empty(), QuorumIntersection.findViolation(5, atLeast(3), atLeast(3)));
        assertEquals(Optional.empty(), QuorumIntersection.findViolation(16, atLeast(9), atLeast(8)));
    }

    @Test
    void disjointQuorumsAreNamed() {
        String violation = QuorumIntersection.findViolation(4, atLeast(2), atLeast(2)).orElseThrow();
        assertTrue(violation.contains("does not intersect"), violation);
        assertTrue(violation.contains("replication quorum {"), violation);
    }

    @Test
    void aSystemWithoutQuorumsIsRefused() {
        assertTrue(QuorumIntersection.findViolation(3, set -> false, atLeast(1)).orElseThrow()
                .contains("no set of servers is a replication quorum"));
        assertTrue(QuorumIntersection.findViolation(3, atLeast(3), set -> false).orElseThrow()
                .contains("no set of servers is a recovery quorum"));
    }

    @Test
    void aNonMonotoneSystemIsRefused() {
        // {0}, {0, 1} and {0, 1, 2} replicate but {0, 2} does not: every pair intersects, yet a
        // replica that counts acknowledgements as they arrive could see a quorum vanish.
        LongPredicate prefixes = set -> set == 0b001 || set == 0b011 || set == 0b111;
        String violation = QuorumIntersection.findViolation(3, prefixes, atLeast(3)).orElseThrow();
        assertTrue(violation.contains("not monotone"), violation);
    }

    @Test
    void serverCountsBeyondTheExhaustiveLimitAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> QuorumIntersection.findViolation(17, atLeast(9), atLeast(9)));
        assertThrows(IllegalArgumentException.class, () -> QuorumIntersection.findViolation(0, atLeast(1), atLeast(1)));
    }

    @Test
    void requireSafeChecksForeignImplementationsAndRefusesLargeOnes() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> QuorumIntersection.requireSafe(new Foreign(4, 2, 2)));
        assertTrue(error.getMessage().startsWith("unsafe quorum system 'foreign'"), error.getMessage());
        QuorumIntersection.requireSafe(new Foreign(4, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> QuorumIntersection.requireSafe(new Foreign(17, 9, 9)));
        QuorumIntersection.requireSafe(QuorumSystems.parse("strict majority", 40));
    }

    private static LongPredicate atLeast(int servers) {
        return set -> Long.bitCount(set) >= servers;
    }

    /** A counting system written by an embedder, not one of ours. */
    private record Foreign(int serverCount, int replicationSize, int recoverySize) implements QuorumSystem {
        @Override
        public boolean isReplicationQuorum(long servers) {
            return Long.bitCount(servers & allServers()) >= replicationSize;
        }

        @Override
        public boolean isRecoveryQuorum(long servers) {
            return Long.bitCount(servers & allServers()) >= recoverySize;
        }

        @Override
        public long thriftyReplicationQuorum(int coordinator) {
            return allServers();
        }

        @Override
        public String name() {
            return "foreign";
        }
    }
}
