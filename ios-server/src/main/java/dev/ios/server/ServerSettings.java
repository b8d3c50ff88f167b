package dev.ios.server;

import dev.ios.config.ServerConfig;
import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.server.runtime.RuntimeOptions;
import dev.ios.storage.LogBackend;
import dev.ios.storage.PersistenceMode;
import dev.ios.storage.StorageOptions;

/**
 * Turns a validated {@link ServerConfig} (milliseconds, Ios's names) into what the core, the
 * runtime and storage take (ticks, enums). One tick is {@link #TICK_MS} milliseconds.
 *
 * <p>Choices: the election timeout's base is {@code electionTimeoutMinMs} (the core spreads
 * servers above it by their turn and a random part of half the base); a coordinator gets two
 * heartbeat intervals before the master re-delegates; Prepares, NewViews and Copy requests are
 * retried every heartbeat interval; one snapshot interval of entries (at most 1,000, at most half of
 * {@code length}) stays in the log below a snapshot for peers that are slightly behind — a peer
 * further behind gets the snapshot. Ios's {@code length} bounds the applied entries a server's log
 * holds: reaching it takes a snapshot, even with {@code snapshotInterval = 0} (Ios's fixed-size
 * log stops the server when it fills; a snapshot is what lets ours discard instead).
 */
public final class ServerSettings {

    /** Milliseconds per replica tick. */
    public static final int TICK_MS = 10;

    private ServerSettings() {}

    /** The protocol configuration for a cluster of {@code serverCount} servers. */
    public static ReplicaConfig replicaConfig(ServerConfig config, int serverCount) {
        var algorithm = config.algorithm();
        var performance = config.performance();
        var extensions = config.extensions();
        int heartbeatTicks = ticks(extensions.heartbeatIntervalMs());
        int electionTicks = Math.max(2 * heartbeatTicks + 1, ticks(extensions.electionTimeoutMinMs()));
        return new ReplicaConfig(
                QuorumSystems.parse(algorithm.quorumSystem(), serverCount),
                algorithm.delegateReplication(),
                algorithm.indexExclusivity(),
                algorithm.participantHandle(),
                algorithm.participantRead(),
                algorithm.implicitWindowCommit(),
                algorithm.explicitCommit(),
                algorithm.thriftyQuorum(),
                performance.maxBatch(),
                performance.batchIntervalMs() == 0 ? 0 : ticks(performance.batchIntervalMs()),
                performance.windowSize(),
                heartbeatTicks,
                electionTicks,
                2 * heartbeatTicks,
                heartbeatTicks,
                100_000,
                256,
                snapshotTail(performance.snapshotInterval(), performance.length()));
    }

    /** The runtime's options. */
    public static RuntimeOptions runtimeOptions(ServerConfig config) {
        return RuntimeOptions.defaults().withTickMs(TICK_MS).withSnapshotInterval(config.performance().snapshotInterval())
                .withLogLength(config.performance().length())
                .withSyncOnLoop(config.extensions().syncOnLoop());
    }

    /** Storage's options: Ios's persistence mode and our log backend. */
    public static StorageOptions storageOptions(ServerConfig config) {
        return StorageOptions.defaults()
                .withMode(PersistenceMode.parse(config.unsafe().persistenceMode().configName()))
                .withBackend(LogBackend.parse(config.extensions().logBackend().configName()));
    }

    /**
     * Entries kept below a snapshot: one snapshot interval, at most 1,000, and at most half the log's
     * {@code length} (which a full log's snapshot must bring it well below).
     */
    static int snapshotTail(int snapshotInterval, int length) {
        int tail = snapshotInterval == 0 ? 1_000 : Math.min(1_000, snapshotInterval);
        return Math.min(tail, length / 2);
    }

    private static int ticks(int ms) {
        return Math.max(1, (ms + TICK_MS - 1) / TICK_MS);
    }
}
