package dev.ios.consensus.quorum;

/**
 * A Flexible Paxos quorum system over servers {@code 0..serverCount()-1}.
 *
 * <p>Sets of servers are bit masks: bit {@code i} set means server {@code i} is in the set, so a
 * system covers at most 64 servers and no call allocates.
 *
 * <p>Contract: both predicates are monotone (a superset of a quorum is a quorum), and every
 * recovery quorum intersects every replication quorum. Implementations are checked for that at
 * construction (see {@link QuorumSystems#parse}); an unsafe system is never handed to a replica.
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
     */
    long thriftyReplicationQuorum(int coordinator);

    /** The name as written in a config file, e.g. {@code strict majority} or {@code fixed:2}. */
    String name();
}
