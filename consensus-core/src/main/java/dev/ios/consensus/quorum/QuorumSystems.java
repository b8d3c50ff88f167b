package dev.ios.consensus.quorum;

import java.util.Locale;

/** Builds quorum systems from their config-file names. */
public final class QuorumSystems {

    /** The names accepted by {@link #parse}, for error messages and help text. */
    public static final String ALLOWED =
            "'strict majority', 'non-strict majority', 'all-in', 'one-in', 'fixed:<k>' with 1 <= k <= N";

    private QuorumSystems() {}

    /**
     * Parses a quorum system name as Ios writes it, for {@code serverCount} servers.
     *
     * @throws IllegalArgumentException naming what is wrong and what is allowed; never returns an
     *     unsafe system
     */
    public static QuorumSystem parse(String name, int serverCount) {
        String normalised = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        int n = serverCount;
        switch (normalised) {
            case "strict majority":
                return new CountingQuorumSystem(normalised, n, n / 2 + 1, n / 2 + 1);
            case "non-strict majority":
                return new CountingQuorumSystem(normalised, n, (n + 1) / 2, n / 2 + 1);
            case "all-in":
                return new CountingQuorumSystem(normalised, n, n, 1);
            case "one-in":
                return new CountingQuorumSystem(normalised, n, 1, n);
            default:
                break;
        }
        if (normalised.startsWith("fixed:")) {
            int k;
            try {
                k = Integer.parseInt(normalised.substring("fixed:".length()).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "' is not a quorum system; allowed: " + ALLOWED);
            }
            if (k < 1 || k > n) {
                throw new IllegalArgumentException(
                        "'" + name + "' needs 1 <= k <= " + n + " for " + n + " servers; allowed: " + ALLOWED);
            }
            // Ios: replication quorums of k, recovery quorums of N + 1 - k, so they always meet.
            return new CountingQuorumSystem(normalised, n, k, n + 1 - k);
        }
        throw new IllegalArgumentException("'" + name + "' is not a quorum system; allowed: " + ALLOWED);
    }
}
