package dev.ios.consensus.quorum;

import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The safety check every quorum system passes before a replica may use it.
 *
 * <p>Flexible Paxos is safe when every recovery quorum intersects every replication quorum. For
 * at most {@link #EXHAUSTIVE_SERVERS_MAX} servers this class checks that by enumerating all
 * {@code 2^N} server sets, together with the two properties the argument relies on: both
 * predicates are monotone, and at least one quorum of each kind exists (so the system can make
 * progress at all). For more servers enumeration is too slow; the built-in systems then rely on
 * their own exact arithmetic or structural argument, documented on each type: intersection is
 * decided exactly (counting: {@code r + q > N}; weighted: no subset sum splits the thresholds;
 * grid: every row meets every column), monotonicity holds by construction (counts, non-negative
 * weights, and containment of a row or column only grow with the set), and a quorum of each kind
 * exists because the thresholds are at most the total.
 *
 * <p>Pure and allocation-light; called once per system at construction.
 */
public final class QuorumIntersection {

    /** The largest server count checked by enumeration: {@code 2^16} sets, a millisecond. */
    public static final int EXHAUSTIVE_SERVERS_MAX = 16;

    private QuorumIntersection() {}

    /**
     * Checks the system described by the two predicates over servers {@code 0..serverCount-1},
     * exhaustively. Requires {@code 1 <= serverCount <= EXHAUSTIVE_SERVERS_MAX}.
     *
     * @return a sentence describing the first violation found (with the offending sets written
     *     as server lists), or empty if the system is safe
     * @throws IllegalArgumentException if {@code serverCount} is out of range
     */
    public static Optional<String> findViolation(int serverCount, LongPredicate replication, LongPredicate recovery) {
        if (serverCount < 1 || serverCount > EXHAUSTIVE_SERVERS_MAX) {
            throw new IllegalArgumentException(
                    "exhaustive check needs 1.." + EXHAUSTIVE_SERVERS_MAX + " servers, was " + serverCount);
        }
        int setCount = 1 << serverCount;
        long all = setCount - 1L;
        boolean[] isReplication = new boolean[setCount];
        boolean[] isRecovery = new boolean[setCount];
        for (int set = 0; set < setCount; set++) {
            isReplication[set] = replication.test(set);
            isRecovery[set] = recovery.test(set);
        }
        if (!isReplication[setCount - 1]) {
            return Optional.of("no set of servers is a replication quorum, so nothing could ever be chosen");
        }
        if (!isRecovery[setCount - 1]) {
            return Optional.of("no set of servers is a recovery quorum, so no new master could ever recover");
        }
        Optional<String> nonMonotone = findNonMonotone("replication", serverCount, isReplication);
        if (nonMonotone.isPresent()) {
            return nonMonotone;
        }
        nonMonotone = findNonMonotone("recovery", serverCount, isRecovery);
        if (nonMonotone.isPresent()) {
            return nonMonotone;
        }
        // With monotone predicates, a replication quorum R misses some recovery quorum exactly
        // when its complement (the largest set disjoint from R) is itself a recovery quorum.
        for (int set = 0; set < setCount; set++) {
            long complement = all & ~set;
            if (isReplication[set] && isRecovery[(int) complement]) {
                return Optional.of("replication quorum " + ServerSets.format(set)
                        + " does not intersect recovery quorum " + ServerSets.format(complement));
            }
        }
        return Optional.empty();
    }

    /**
     * Throws if {@link #findViolation} finds one, naming the system. Requires
     * {@code 1 <= serverCount <= EXHAUSTIVE_SERVERS_MAX}.
     *
     * @throws IllegalArgumentException "unsafe quorum system '<name>': <violation>"
     */
    public static void requireSafe(String name, int serverCount, LongPredicate replication, LongPredicate recovery) {
        Optional<String> violation = findViolation(serverCount, replication, recovery);
        if (violation.isPresent()) {
            throw new IllegalArgumentException("unsafe quorum system '" + name + "': " + violation.get());
        }
    }

    /**
     * Checks any implementation before use, e.g. one an embedder wrote. Built-in systems
     * ({@link CountingQuorumSystem}, {@link WeightedQuorumSystem}, {@link GridQuorumSystem}) were
     * checked when constructed and pass at once. Other systems are checked exhaustively; one with
     * more than {@link #EXHAUSTIVE_SERVERS_MAX} servers cannot be verified and is refused.
     *
     * @throws IllegalArgumentException naming the system and the violation
     */
    public static void requireSafe(QuorumSystem system) {
        if (system instanceof CountingQuorumSystem
                || system instanceof WeightedQuorumSystem
                || system instanceof GridQuorumSystem) {
            return;
        }
        int n = system.serverCount();
        if (n < 1 || n > EXHAUSTIVE_SERVERS_MAX) {
            throw new IllegalArgumentException("cannot verify quorum system '" + system.name() + "' over " + n
                    + " servers: only 1.." + EXHAUSTIVE_SERVERS_MAX + " can be checked exhaustively");
        }
        requireSafe(system.name(), n, system::isReplicationQuorum, system::isRecoveryQuorum);
    }

    private static Optional<String> findNonMonotone(String kind, int serverCount, boolean[] isQuorum) {
        // Checking single-server additions suffices: any superset is reached by a chain of them.
        for (int set = 0; set < isQuorum.length; set++) {
            if (!isQuorum[set]) {
                continue;
            }
            for (int server = 0; server < serverCount; server++) {
                int bigger = set | (1 << server);
                if (!isQuorum[bigger]) {
                    return Optional.of(kind + " quorum " + ServerSets.format(set) + " is not monotone: adding server "
                            + server + " gives " + ServerSets.format(bigger) + ", which is not a " + kind + " quorum");
                }
            }
        }
        return Optional.empty();
    }
}
