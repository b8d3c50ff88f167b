package dev.ios.consensus.quorum;

/**
 * A quorum system that counts servers: any {@code replicationSize} servers form a replication
 * quorum and any {@code recoverySize} servers a recovery quorum. Ios's systems are all of this kind.
 * Safe exactly when {@code replicationSize + recoverySize > serverCount}.
 */
public record CountingQuorumSystem(String name, int serverCount, int replicationSize, int recoverySize)
        implements QuorumSystem {

    /** Validates the sizes; throws {@link IllegalArgumentException} saying what is allowed. */
    public CountingQuorumSystem {
        if (serverCount < 1 || serverCount > 64) {
            throw new IllegalArgumentException("server count must be 1..64, was " + serverCount);
        }
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
        // The coordinator and the servers after it, in turn, as Ios does.
        long quorum = 0;
        for (int i = 0; i < replicationSize; i++) {
            quorum |= 1L << ((coordinator + i) % serverCount);
        }
        return quorum;
    }

    private long allServers() {
        return serverCount == 64 ? -1L : (1L << serverCount) - 1;
    }
}
