package dev.ios.consensus.replica;

import dev.ios.consensus.quorum.QuorumSystem;

/**
 * How a replica behaves: Ios's {@code [algorithm]} and {@code [performance]} options (with times in
 * ticks) plus the timers Ios lacked. Immutable; validated on construction.
 *
 * @param quorumSystem the quorums; its server count is the cluster size
 * @param delegateReplication {@code 0}: the master coordinates; {@code k > 0}: the next of
 *     {@code k} other servers in turn; {@code -1}: the server that forwarded the request
 * @param indexExclusivity after a view change, skip a window of indices (filled with noops) so
 *     no index ever carries two different requests
 * @param participantHandle non-masters forward client requests instead of answering "not the master"
 * @param participantRead any server may serve reads after a read-index round (see DESIGN.md "Reads")
 * @param implicitWindowCommit accepting {@code Prepare(v, j)} marks the entry at
 *     {@code j - windowSize} chosen if it was accepted in view {@code v}
 * @param explicitCommit coordinators send {@code Commit} to everyone, not only to the master
 * @param thriftyQuorum coordinators send {@code Prepare} to one replication quorum, not to all
 * @param maxBatch requests per log entry at most
 * @param batchIntervalTicks how long the master waits to fill a batch; {@code 0}: no waiting
 * @param windowSize uncommitted indices the master may have in flight
 * @param heartbeatIntervalTicks the master sends a heartbeat to a peer it has been quiet to this long
 * @param electionTimeoutTicks base time without the master before a server starts a view change
 * @param coordinatorTimeoutTicks time the master gives a coordinator before re-delegating
 * @param retransmitTicks time before a coordinator, candidate or catching-up server asks again
 * @param pendingRequestsMax client requests the master queues before rejecting more; also the
 *     participant reads any server holds waiting before rejecting more
 * @param copyEntriesMax entries per {@code CopyReply}
 * @param snapshotTailEntries entries kept below a snapshot for peers that are slightly behind
 */
public record ReplicaConfig(
        QuorumSystem quorumSystem,
        int delegateReplication,
        boolean indexExclusivity,
        boolean participantHandle,
        boolean participantRead,
        boolean implicitWindowCommit,
        boolean explicitCommit,
        boolean thriftyQuorum,
        int maxBatch,
        int batchIntervalTicks,
        int windowSize,
        int heartbeatIntervalTicks,
        int electionTimeoutTicks,
        int coordinatorTimeoutTicks,
        int retransmitTicks,
        int pendingRequestsMax,
        int copyEntriesMax,
        int snapshotTailEntries) {

    /** Validates every field; the message names the field and what is allowed. */
    public ReplicaConfig {
        if (quorumSystem == null) {
            throw new IllegalArgumentException("quorumSystem must be set");
        }
        positive("maxBatch", maxBatch);
        positive("windowSize", windowSize);
        positive("heartbeatIntervalTicks", heartbeatIntervalTicks);
        positive("coordinatorTimeoutTicks", coordinatorTimeoutTicks);
        positive("retransmitTicks", retransmitTicks);
        positive("pendingRequestsMax", pendingRequestsMax);
        positive("copyEntriesMax", copyEntriesMax);
        if (delegateReplication < -1) {
            throw new IllegalArgumentException("delegateReplication must be -1, 0 or a positive count, was "
                    + delegateReplication);
        }
        if (batchIntervalTicks < 0) {
            throw new IllegalArgumentException("batchIntervalTicks must be >= 0, was " + batchIntervalTicks);
        }
        if (snapshotTailEntries < 0) {
            throw new IllegalArgumentException("snapshotTailEntries must be >= 0, was " + snapshotTailEntries);
        }
        // A follower must not give up on a master that is merely between heartbeats.
        if (electionTimeoutTicks <= 2 * heartbeatIntervalTicks) {
            throw new IllegalArgumentException("electionTimeoutTicks (" + electionTimeoutTicks
                    + ") must exceed twice heartbeatIntervalTicks (" + heartbeatIntervalTicks + ")");
        }
    }

    /** Ios's {@code simple} preset with our timer defaults, for {@code quorumSystem}. */
    public static ReplicaConfig simple(QuorumSystem quorumSystem) {
        return new ReplicaConfig(quorumSystem, 0, false, false, false, false, true, false,
                10, 0, 1, 2, 10, 8, 4, 10_000, 64, 16);
    }

    /** The cluster size. */
    public int serverCount() {
        return quorumSystem.serverCount();
    }

    /** A copy with other algorithm switches; the rest unchanged. */
    public ReplicaConfig withAlgorithm(int delegateReplication, boolean indexExclusivity, boolean participantHandle,
            boolean participantRead, boolean implicitWindowCommit, boolean explicitCommit, boolean thriftyQuorum) {
        return new ReplicaConfig(quorumSystem, delegateReplication, indexExclusivity, participantHandle,
                participantRead, implicitWindowCommit, explicitCommit, thriftyQuorum, maxBatch, batchIntervalTicks,
                windowSize, heartbeatIntervalTicks, electionTimeoutTicks, coordinatorTimeoutTicks, retransmitTicks,
                pendingRequestsMax, copyEntriesMax, snapshotTailEntries);
    }

    /** A copy with other batching and window settings; the rest unchanged. */
    public ReplicaConfig withPerformance(int maxBatch, int batchIntervalTicks, int windowSize) {
        return new ReplicaConfig(quorumSystem, delegateReplication, indexExclusivity, participantHandle,
                participantRead, implicitWindowCommit, explicitCommit, thriftyQuorum, maxBatch, batchIntervalTicks,
                windowSize, heartbeatIntervalTicks, electionTimeoutTicks, coordinatorTimeoutTicks, retransmitTicks,
                pendingRequestsMax, copyEntriesMax, snapshotTailEntries);
    }

    /** A copy with other timers and limits; the algorithm and performance settings unchanged. */
    public ReplicaConfig withTimers(int heartbeatIntervalTicks, int electionTimeoutTicks, int coordinatorTimeoutTicks,
            int retransmitTicks, int snapshotTailEntries) {
        return new ReplicaConfig(quorumSystem, delegateReplication, indexExclusivity, participantHandle,
                participantRead, implicitWindowCommit, explicitCommit, thriftyQuorum, maxBatch, batchIntervalTicks,
                windowSize, heartbeatIntervalTicks, electionTimeoutTicks, coordinatorTimeoutTicks, retransmitTicks,
                pendingRequestsMax, copyEntriesMax, snapshotTailEntries);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }
}
