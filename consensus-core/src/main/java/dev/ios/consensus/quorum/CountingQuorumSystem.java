package dev.ios.consensus.quorum;

/**
 * A quorum system that counts servers: any {@code replicationSize} servers form a replication
 * quorum and any {@code recoverySize} servers a recovery quorum. Ios's systems are all of this kind.
 *
 * <p>Safe exactly when {@code replicationSize + recoverySize > serverCount}: two disjoint sets of
 * those sizes fit among the servers otherwise. That arithmetic is checked for every server count;
 * for at most {@link QuorumIntersection#EXHAUSTIVE_SERVERS_MAX} servers the exhaustive check runs
 * as well, as a second opinion.
 */
public record CountingQuorumSystem(String name, int serverCount, int replicationSize, int recoverySize)
        implements QuorumSystem {

    /** Validates the sizes; throws {@link IllegalArgumentException} saying what is allowed. */
    public CountingQuorumSystem {
        ServerSets.all(serverCount); // validates 1..64
        if (replicationSize < 1 || replicationSize > serverCount) {
            throw new IllegalArgumentException(
                    "replication quorum size must be 1.." + serverCount + ", was " + replicationSize);
        }
        if (recoverySize < 1 || recoverySize > serverCount) {
            throw new IllegalArgumentException(
                    "recovery quorum size must be 1.." + serverCount + ", was " + recoverySize);
        }
        // Flexible Paxos: every recovery quorum must meet every replication quorum.
        if (replicationSize + recoverySize <= serverCount) {
            throw new IllegalArgumentException("unsafe quorum system '" + name + "': replication size "
                    + replicationSize + " + recovery size " + recoverySize + " must exceed " + serverCount);
        }
        if (serverCount <= QuorumIntersection.EXHAUSTIVE_SERVERS_MAX) {
            int replication = replicationSize;
            int recovery = recoverySize;
            QuorumIntersection.requireSafe(name, serverCount,
                    servers -> Long.bitCount(servers) >= replication, servers -> Long.bitCount(servers) >= recovery);
        }
    }

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
        requireServer(coordinator);
        // The coordinator and the servers after it, in turn, as Ios does: a smallest quorum.
        long quorum = 0;
        for (int i = 0; i < replicationSize; i++) {
            quorum |= 1L << ((coordinator + i) % serverCount);
        }
        return quorum;
    }

    private void requireServer(int server) {
        if (server < 0 || server >= serverCount) {
            throw new IllegalArgumentException("server must be 0.." + (serverCount - 1) + ", was " + server);
        }
    }
}
