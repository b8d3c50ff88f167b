package dev.ios.consensus.quorum;

/**
 * A Flexible Paxos quorum system over servers {@code 0..serverCount()-1}.
 *
 * <p>Sets of servers are bit masks: bit {@code i} set means server {@code i} is in the set, so a
 * system covers at most 64 servers and no call allocates. Bits at or above {@link #serverCount()}
 * are ignored by both predicates.
 *
 * <p>Contract: both predicates are monotone (a superset of a quorum is a quorum), and every
 * recovery quorum intersects every replication quorum, and each kind has at least one quorum.
 * The built-in implementations check that at construction (see {@link QuorumIntersection}); any
 * other implementation must pass {@link QuorumIntersection#requireSafe(QuorumSystem)} before a
 * replica uses it, so an unsafe system is never handed to a replica.
 * Implementations are immutable and safe to share between threads.
 */
public interface QuorumSystem {

    /** The number of servers, {@code 1..64}. */
    int serverCount();

    /** True if acknowledgements from {@code servers} choose an entry (phase 2). */
    boolean isReplicationQuorum(long servers);

    /** True if {@code NewView} answers from {@code servers} let a new master recover (phase 1). */
    boolean isRecoveryQuorum(long servers);

    /**
     * The servers a thrifty coordinator sends a {@code Prepare} to: a replication quorum that
     * contains {@code coordinator}, chosen deterministically from {@code coordinator} alone.
     *
     * @throws IllegalArgumentException unless {@code 0 <= coordinator < serverCount()}
     */
    long thriftyReplicationQuorum(int coordinator);

    /** Every server of the system, {@code {0, ..., serverCount()-1}}. */
    default long allServers() {
        return ServerSets.all(serverCount());
    }

    /** The name as written in a config file, e.g. {@code strict majority} or {@code fixed:2}. */
    String name();
}
