package dev.ios.bench.clusterbench;

import dev.ios.config.AlgorithmSettings;
import dev.ios.config.ExtensionSettings;
import dev.ios.config.PerformanceSettings;
import dev.ios.config.PersistenceMode;
import dev.ios.config.ServerConfig;
import dev.ios.config.UnsafeSettings;

/**
 * What the cluster benchmark changes in a preset's server config ({@code configs/<preset>/server.conf}).
 * A null field keeps the preset's value.
 *
 * @param delegation {@code delegateReplication}, or null
 * @param thrifty {@code thriftyQuorum}, or null
 * @param participantRead {@code participantRead}, or null
 * @param implicitWindowCommit {@code implicitWindowCommit}, or null
 * @param windowSize {@code windowSize}, or null
 * @param maxBatch {@code maxBatch}, or null
 * @param persistence {@code persistenceMode}, or null
 * @param snapshotInterval {@code snapshotInterval}, or null
 * @param participantHandle {@code participantHandle}, or null
 * @param explicitCommit {@code explicitCommit}, or null
 * @param syncOnLoop {@code [extensions] syncOnLoop}, or null
 */
public record ConfigOverrides(Integer delegation, Boolean thrifty, Boolean participantRead, Boolean implicitWindowCommit,
                              Integer windowSize, Integer maxBatch, PersistenceMode persistence, Integer snapshotInterval,
                              Boolean participantHandle, Boolean explicitCommit, Boolean syncOnLoop) {

    /**
     * {@code preset} with these overrides and REST served on {@code restBasePort + id} (the bench
     * reads {@code /status} and {@code /metrics} there).
     *
     * @throws IllegalArgumentException if an override is out of range (the message names the key)
     */
    public ServerConfig applyTo(ServerConfig preset, int restBasePort) {
        AlgorithmSettings a = preset.algorithm();
        AlgorithmSettings algorithm = new AlgorithmSettings(
                or(delegation, a.delegateReplication()),
                a.quorumSystem(),
                a.indexExclusivity(),
                or(participantHandle, a.participantHandle()),
                or(participantRead, a.participantRead()),
                or(implicitWindowCommit, a.implicitWindowCommit()),
                or(explicitCommit, a.explicitCommit()),
                or(thrifty, a.thriftyQuorum()));
        PerformanceSettings p = preset.performance();
        PerformanceSettings performance = new PerformanceSettings(p.length(), p.batchIntervalMs(), or(maxBatch, p.maxBatch()),
                or(windowSize, p.windowSize()), or(snapshotInterval, p.snapshotInterval()));
        UnsafeSettings u = preset.unsafe();
        UnsafeSettings unsafe = new UnsafeSettings(u.dumpPersistentStorage(), persistence == null ? u.persistenceMode() : persistence);
        ExtensionSettings e = preset.extensions();
        ExtensionSettings extensions = new ExtensionSettings(e.heartbeatIntervalMs(), e.electionTimeoutMinMs(),
                e.electionTimeoutMaxMs(), restBasePort, e.logBackend(), e.clusterId(), e.maxLineBytes(),
                or(syncOnLoop, e.syncOnLoop()));
        return new ServerConfig(algorithm, performance, preset.application(), unsafe, extensions);
    }

    private static <T> T or(T override, T preset) {
        return override == null ? preset : override;
    }
}
