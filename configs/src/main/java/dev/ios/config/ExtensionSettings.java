package dev.ios.config;

import java.util.Objects;

/**
 * The {@code [extensions]} section of a server config: options of Ios for Java that Ios does not
 * have. Every key has a default, so Ios's own files (which have no such section) load unchanged,
 * and the section is written out only when some value differs from its default, so a config
 * written by us stays readable by Ios whenever it can be.
 *
 * @param heartbeatIntervalMs the master sends a heartbeat after this long without other messages;
 *     1 to 60000, default 100
 * @param electionTimeoutMinMs the shortest time without hearing from the master before a server
 *     starts a view change; at least twice the heartbeat interval; default 1000
 * @param electionTimeoutMaxMs the longest such time; each wait is drawn at random between min and
 *     max, so servers rarely start view changes together; default 2000
 * @param restBasePort 0 (the default) turns REST off; otherwise server {@code i} serves HTTP on
 *     {@code restBasePort + i}, so one file serves a cluster on one host
 * @param logBackend the log store; default {@link LogBackend#SEGMENTED}
 * @param clusterId a name servers exchange when they connect, so a server never joins another
 *     cluster by a mistyped address; letters, digits, {@code . _ -}, at most 64; default {@code ios}
 * @param maxLineBytes the longest line a client may send on the client port; longer lines are
 *     refused and the connection closed; 1024 to 67108864, default 1048576
 * @param syncOnLoop the server writes and syncs a batch on its replica loop instead of handing it
 *     to the storage thread when that delays nothing else, which saves two thread wake-ups per
 *     batch: on a follower without delegation always, on any server when nothing but the entry at
 *     hand is in flight; a master under load uses the storage thread's group commit either way;
 *     default true
 */
public record ExtensionSettings(
        int heartbeatIntervalMs,
        int electionTimeoutMinMs,
        int electionTimeoutMaxMs,
        int restBasePort,
        LogBackend logBackend,
        String clusterId,
        int maxLineBytes,
        boolean syncOnLoop) {

    static final String SECTION = "extensions";
    static final IntRange HEARTBEAT_INTERVAL = new IntRange(1, 60_000);
    static final IntRange ELECTION_TIMEOUT = new IntRange(1, 600_000);
    static final IntRange REST_BASE_PORT = new IntRange(0, 65_535);
    static final IntRange MAX_LINE_BYTES = new IntRange(1024, 64 << 20);
    static final String CLUSTER_ID_ALLOWED = "1 to 64 letters, digits, '.', '_' or '-'";

    /** The values used for every key the file does not set. */
    public static final ExtensionSettings DEFAULTS =
            new ExtensionSettings(100, 1000, 2000, 0, LogBackend.SEGMENTED, "ios", 1 << 20, true);

    /** Validates every value and the timings together; throws {@link IllegalArgumentException}. */
    public ExtensionSettings {
        HEARTBEAT_INTERVAL.require("heartbeatIntervalMs", heartbeatIntervalMs);
        ELECTION_TIMEOUT.require("electionTimeoutMinMs", electionTimeoutMinMs);
        ELECTION_TIMEOUT.require("electionTimeoutMaxMs", electionTimeoutMaxMs);
        REST_BASE_PORT.require("restBasePort", restBasePort);
        Objects.requireNonNull(logBackend, "logBackend");
        if (clusterIdProblem(clusterId) != null) {
            throw new IllegalArgumentException("clusterId " + clusterIdProblem(clusterId));
        }
        MAX_LINE_BYTES.require("maxLineBytes", maxLineBytes);
        Problem problem = timingProblem(heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs);
        if (problem != null) {
            throw new IllegalArgumentException(problem.key() + " " + problem.message());
        }
    }

    static void addTo(ConfigSchema schema) {
        schema.section(SECTION, "heartbeatIntervalMs", "electionTimeoutMinMs", "electionTimeoutMaxMs",
                "restBasePort", "logBackend", "clusterId", "maxLineBytes", "syncOnLoop");
    }

    static ExtensionSettings read(ConfigReader reader) throws ConfigException {
        int heartbeat = reader.optionalInt(SECTION, "heartbeatIntervalMs", HEARTBEAT_INTERVAL,
                DEFAULTS.heartbeatIntervalMs);
        int electionMin = reader.optionalInt(SECTION, "electionTimeoutMinMs", ELECTION_TIMEOUT,
                DEFAULTS.electionTimeoutMinMs);
        int electionMax = reader.optionalInt(SECTION, "electionTimeoutMaxMs", ELECTION_TIMEOUT,
                DEFAULTS.electionTimeoutMaxMs);
        Problem problem = timingProblem(heartbeat, electionMin, electionMax);
        if (problem != null) {
            int value = problem.key().equals("electionTimeoutMinMs") ? electionMin : electionMax;
            throw reader.errorAt(problem.section(), problem.key(), Integer.toString(value), problem.message());
        }
        return new ExtensionSettings(heartbeat, electionMin, electionMax,
                reader.optionalInt(SECTION, "restBasePort", REST_BASE_PORT, DEFAULTS.restBasePort),
                reader.optionalChoice(SECTION, "logBackend", LogBackend.class, DEFAULTS.logBackend),
                reader.optionalString(SECTION, "clusterId", DEFAULTS.clusterId, ExtensionSettings::clusterIdProblem),
                reader.optionalInt(SECTION, "maxLineBytes", MAX_LINE_BYTES, DEFAULTS.maxLineBytes),
                reader.optionalBoolean(SECTION, "syncOnLoop", DEFAULTS.syncOnLoop));
    }

    void writeTo(IniWriter out) {
        IniWriter section = out.section(SECTION)
                .entry("heartbeatIntervalMs", Integer.toString(heartbeatIntervalMs))
                .entry("electionTimeoutMinMs", Integer.toString(electionTimeoutMinMs))
                .entry("electionTimeoutMaxMs", Integer.toString(electionTimeoutMaxMs))
                .entry("restBasePort", Integer.toString(restBasePort))
                .entry("logBackend", logBackend.configName())
                .entry("clusterId", clusterId)
                .entry("maxLineBytes", Integer.toString(maxLineBytes));
        // Keys added later are written only when set, so a file we write stays readable by the
        // releases before them (the cluster bench's compare-builds runs such servers).
        if (syncOnLoop != DEFAULTS.syncOnLoop) {
            section.entry("syncOnLoop", Boolean.toString(syncOnLoop));
        }
    }

    /**
     * Null if the three timings fit together. A follower must tolerate one late heartbeat without
     * starting a view change, hence min >= 2 x heartbeat; max >= min so the random draw has a range.
     */
    static Problem timingProblem(int heartbeatIntervalMs, int electionTimeoutMinMs, int electionTimeoutMaxMs) {
        if (electionTimeoutMinMs < 2L * heartbeatIntervalMs) {
            return new Problem(SECTION, "electionTimeoutMinMs", "must be at least twice heartbeatIntervalMs ("
                    + heartbeatIntervalMs + "), so one late heartbeat does not start a view change");
        }
        if (electionTimeoutMaxMs < electionTimeoutMinMs) {
            return new Problem(SECTION, "electionTimeoutMaxMs",
                    "must be >= electionTimeoutMinMs (" + electionTimeoutMinMs + ")");
        }
        return null;
    }

    static String clusterIdProblem(String clusterId) {
        if (clusterId == null || !clusterId.matches("[A-Za-z0-9._-]{1,64}")) {
            return "must be " + CLUSTER_ID_ALLOWED;
        }
        return null;
    }
}
