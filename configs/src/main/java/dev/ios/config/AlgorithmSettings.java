package dev.ios.config;

import dev.ios.consensus.quorum.QuorumSystems;

/**
 * The {@code [algorithm]} section of a server config: which variant of the protocol runs. All keys
 * are Ios's, with Ios's meaning; a missing boolean is false and a missing {@code
 * delegateReplication} is 0, as in Ios.
 *
 * @param delegateReplication who coordinates replication of each index: 0 the master itself,
 *     {@code k > 0} the next of {@code k} other servers in turn, -1 the server that forwarded the
 *     request (reverse delegation); at most the number of servers minus one
 * @param quorumSystem the quorum system's name, e.g. {@code strict majority} or {@code fixed:2};
 *     checked against the server count by {@link ClusterConfig}
 * @param indexExclusivity after a view change, start new requests above every index that may hold
 *     one, so no index ever carries two different requests
 * @param participantHandle non-masters forward client requests to the master instead of
 *     redirecting the client
 * @param participantRead non-masters serve reads after confirming with a replication quorum
 * @param implicitWindowCommit a participant may treat an entry a window below a newly accepted
 *     one as chosen (only if accepted in the same view, see DESIGN.md)
 * @param explicitCommit coordinators send a commit to every server after replication
 * @param thriftyQuorum coordinators send to a replication quorum only, not to all servers
 */
public record AlgorithmSettings(
        int delegateReplication,
        String quorumSystem,
        boolean indexExclusivity,
        boolean participantHandle,
        boolean participantRead,
        boolean implicitWindowCommit,
        boolean explicitCommit,
        boolean thriftyQuorum) {

    static final String SECTION = "algorithm";
    static final IntRange DELEGATE_REPLICATION = new IntRange(-1, AddressConfig.SERVERS_MAX - 1);

    /** Validates each value alone; throws {@link IllegalArgumentException} saying what is allowed. */
    public AlgorithmSettings {
        DELEGATE_REPLICATION.require("delegateReplication", delegateReplication);
        String problem = quorumSystemProblem(quorumSystem);
        if (problem != null) {
            throw new IllegalArgumentException("quorumSystem " + problem);
        }
    }

    static void addTo(ConfigSchema schema) {
        schema.section(SECTION, "delegateReplication", "quorumSystem", "indexExclusivity", "participantHandle",
                "participantRead", "implicitWindowCommit", "explicitCommit", "thriftyQuorum");
    }

    static AlgorithmSettings read(ConfigReader reader) throws ConfigException {
        return new AlgorithmSettings(
                reader.optionalInt(SECTION, "delegateReplication", DELEGATE_REPLICATION, 0),
                reader.requiredString(SECTION, "quorumSystem", QuorumSystems.ALLOWED,
                        AlgorithmSettings::quorumSystemProblem),
                reader.optionalBoolean(SECTION, "indexExclusivity", false),
                reader.optionalBoolean(SECTION, "participantHandle", false),
                reader.optionalBoolean(SECTION, "participantRead", false),
                reader.optionalBoolean(SECTION, "implicitWindowCommit", false),
                reader.optionalBoolean(SECTION, "explicitCommit", false),
                reader.optionalBoolean(SECTION, "thriftyQuorum", false));
    }

    void writeTo(IniWriter out) {
        out.section(SECTION)
                .entry("delegateReplication", Integer.toString(delegateReplication))
                .entry("quorumSystem", quorumSystem)
                .entry("indexExclusivity", Boolean.toString(indexExclusivity))
                .entry("participantHandle", Boolean.toString(participantHandle))
                .entry("participantRead", Boolean.toString(participantRead))
                .entry("implicitWindowCommit", Boolean.toString(implicitWindowCommit))
                .entry("explicitCommit", Boolean.toString(explicitCommit))
                .entry("thriftyQuorum", Boolean.toString(thriftyQuorum));
    }

    /**
     * Null if {@code name} is a quorum system for some cluster size we support, else what is
     * wrong. Whether it suits the actual cluster is checked with the address file, because a
     * server config alone does not know how many servers there are.
     */
    static String quorumSystemProblem(String name) {
        if (name == null || name.isBlank()) {
            return "must name a quorum system; allowed: " + QuorumSystems.ALLOWED;
        }
        String last = null;
        for (int servers = 1; servers <= AddressConfig.SERVERS_MAX; servers++) {
            try {
                QuorumSystems.parse(name, servers);
                return null;
            } catch (IllegalArgumentException e) {
                last = e.getMessage();
            }
        }
        // QuorumSystems' own message says what is allowed; for fixed:k it cites the largest cluster.
        return last;
    }
}
