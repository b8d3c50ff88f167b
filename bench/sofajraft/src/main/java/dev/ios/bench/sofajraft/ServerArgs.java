package dev.ios.bench.sofajraft;

import dev.ios.bench.lineport.PeerArgs;
import java.util.Set;

/**
 * The command line of {@link JraftServerMain}: a benchmark peer's flags ({@link PeerArgs}) plus
 * {@code [--election-timeout-ms MS]}.
 *
 * @param peer the common flags
 * @param electionTimeoutMs SOFAJRaft's {@code electionTimeoutMs}
 */
record ServerArgs(PeerArgs peer, int electionTimeoutMs) {

    /** SOFAJRaft's own default, stated so the benchmark's docs can name it. */
    static final int DEFAULT_ELECTION_TIMEOUT_MS = 1000;

    private static final String ELECTION_TIMEOUT = "--election-timeout-ms";

    /** The arguments in {@code args}; throws IllegalArgumentException naming the first bad one. */
    static ServerArgs parse(String... args) {
        PeerArgs peer = PeerArgs.parse(Set.of(ELECTION_TIMEOUT), args);
        String timeout = peer.extra().get(ELECTION_TIMEOUT);
        return new ServerArgs(peer, timeout == null ? DEFAULT_ELECTION_TIMEOUT_MS
                : PeerArgs.number(ELECTION_TIMEOUT, timeout, 100, 600_000));
    }
}
