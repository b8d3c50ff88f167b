package dev.ios.bench.clusterbench;

import dev.ios.config.ServerConfig;

/**
 * The settings of a run's cluster as its report gives them, and the two the load needs (where reads
 * and clients go).
 *
 * @param preset the Ios base config, {@code n/a} for SOFAJRaft and Ratis
 * @param delegation {@code delegateReplication}
 * @param thrifty {@code thriftyQuorum}
 * @param participantRead {@code participantRead}: reads to a random server
 * @param participantHandle {@code participantHandle}: clients spread over every server
 * @param window {@code windowSize}
 * @param maxBatch {@code maxBatch}
 * @param persistence {@code persistenceMode}
 */
record ClusterSettings(String preset, int delegation, boolean thrifty, boolean participantRead, boolean participantHandle,
                       int window, int maxBatch, String persistence) {

    /**
     * SOFAJRaft's peers: none of Ios's knobs apply (0 and false; {@code window} and {@code maxBatch}
     * 0 for "not applicable"); the log is fsynced ({@code RaftOptions.sync}), and every client talks
     * to the leader.
     */
    static final ClusterSettings SOFAJRAFT = new ClusterSettings("n/a", 0, false, false, false, 0, 0, "fsync");

    /**
     * Ratis's peers: as {@link #SOFAJRAFT}; the log is flushed with FileChannel.force before an append
     * counts (Ratis's {@code unsafe-flush} and {@code async-flush} off), and every client talks to
     * the leader.
     */
    static final ClusterSettings RATIS = new ClusterSettings("n/a", 0, false, false, false, 0, 0, "fsync");

    /** An Ios cluster running {@code config}, written from {@code preset}. */
    static ClusterSettings of(String preset, ServerConfig config) {
        return new ClusterSettings(preset, config.algorithm().delegateReplication(), config.algorithm().thriftyQuorum(),
                config.algorithm().participantRead(), config.algorithm().participantHandle(),
                config.performance().windowSize(), config.performance().maxBatch(),
                config.unsafe().persistenceMode().configName());
    }
}
