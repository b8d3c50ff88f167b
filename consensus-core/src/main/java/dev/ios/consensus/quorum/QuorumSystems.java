package dev.ios.consensus.quorum;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds quorum systems from their config-file names.
 *
 * <p>Ios's names, all {@link CountingQuorumSystem}s over {@code N} servers (sizes as Ios computes
 * them, with integer division):
 *
 * <ul>
 *   <li>{@code strict majority}: replication {@code N/2 + 1}, recovery {@code N/2 + 1};
 *   <li>{@code non-strict majority}: replication {@code (N+1)/2}, recovery {@code N/2 + 1};
 *   <li>{@code all-in}: replication {@code N}, recovery {@code 1};
 *   <li>{@code one-in}: replication {@code 1}, recovery {@code N};
 *   <li>{@code fixed:k}: replication {@code k}, recovery {@code N + 1 - k}, for {@code 1 <= k <= N}.
 * </ul>
 *
 * <p>Beyond Ios:
 *
 * <ul>
 *   <li>{@code weighted 2,1,1 replication=3 recovery=2}: one weight per server in server order
 *       (exactly {@code N} of them, each {@code 0..}{@link WeightedQuorumSystem#WEIGHT_MAX}),
 *       then the votes each kind of quorum needs, in either order. A threshold left out defaults
 *       to a strict majority of the total weight ({@code total/2 + 1}), so {@code weighted 2,1,1}
 *       alone is a weighted majority. See {@link WeightedQuorumSystem}.
 *   <li>{@code grid 3x2}: rows x columns with {@code rows * columns = N}; a replication quorum
 *       holds a whole row, a recovery quorum a whole column. See {@link GridQuorumSystem}.
 * </ul>
 *
 * <p>Names are case-insensitive and runs of white space count as one space; the system's {@link
 * QuorumSystem#name()} is the canonical form.
 */
public final class QuorumSystems {

    /** The names accepted by {@link #parse}, for error messages and help text. */
    public static final String ALLOWED = "'strict majority', 'non-strict majority', 'all-in', 'one-in',"
            + " 'fixed:<k>' with 1 <= k <= N,"
            + " 'weighted <w0>,<w1>,... [replication=<votes>] [recovery=<votes>]' with one weight per server"
            + " (default votes: a majority of the total weight),"
            + " 'grid <rows>x<columns>' with rows * columns = N";

    private static final Pattern GRID = Pattern.compile("grid ?([0-9]+) ?x ?([0-9]+)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    private QuorumSystems() {}

    /**
     * Parses a quorum system name, for {@code serverCount} servers.
     *
     * @param name as written in a config file; not null
     * @param serverCount the number of servers, {@code 1..64}
     * @throws IllegalArgumentException naming what is wrong and what is allowed; never returns an
     *     unsafe system, and throws nothing else for any non-null name
     */
    public static QuorumSystem parse(String name, int serverCount) {
        Objects.requireNonNull(name, "name");
        ServerSets.all(serverCount); // validates 1..64
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
            int k = parseNumber(normalised.substring("fixed:".length()).trim(), name);
            if (k < 1 || k > n) {
                throw new IllegalArgumentException(
                        "'" + name + "' needs 1 <= k <= " + n + " for " + n + " servers; allowed: " + ALLOWED);
            }
            // Ios: replication quorums of k, recovery quorums of N + 1 - k, so they always meet.
            return new CountingQuorumSystem("fixed:" + k, n, k, n + 1 - k);
        }
        if (normalised.equals("weighted") || normalised.startsWith("weighted ")) {
            return parseWeighted(normalised.substring("weighted".length()), name, n);
        }
        Matcher grid = GRID.matcher(normalised);
        if (grid.matches()) {
            int rows = parseNumber(grid.group(1), name);
            int columns = parseNumber(grid.group(2), name);
            if ((long) rows * columns != n) {
                throw new IllegalArgumentException("'" + name + "' has " + ((long) rows * columns)
                        + " places but there are " + n + " servers; allowed: " + ALLOWED);
            }
            return new GridQuorumSystem(rows, columns);
        }
        throw new IllegalArgumentException("'" + name + "' is not a quorum system; allowed: " + ALLOWED);
    }

    private static QuorumSystem parseWeighted(String rest, String name, int n) {
        // Let "2, 1, 1" stand for "2,1,1" so a list may be written with spaces.
        String[] words = rest.replaceAll(" ?, ?", ",").trim().split(" ");
        if (words[0].isEmpty() || words[0].contains("=")) {
            throw new IllegalArgumentException("'" + name + "' needs one weight per server; allowed: " + ALLOWED);
        }
        String[] weightTexts = words[0].split(",", -1);
        if (weightTexts.length != n) {
            throw new IllegalArgumentException("'" + name + "' gives " + weightTexts.length + " weights but there are "
                    + n + " servers; allowed: " + ALLOWED);
        }
        int[] weights = new int[n];
        long total = 0;
        for (int server = 0; server < n; server++) {
            weights[server] = parseNumber(weightTexts[server], name);
            total += weights[server];
        }
        // Out-of-range weights are refused by the constructor; the default only needs to be sane.
        int majority = (int) Math.min(total / 2 + 1, Integer.MAX_VALUE);
        Integer replication = null;
        Integer recovery = null;
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (word.startsWith("replication=") && replication == null) {
                replication = parseNumber(word.substring("replication=".length()), name);
            } else if (word.startsWith("recovery=") && recovery == null) {
                recovery = parseNumber(word.substring("recovery=".length()), name);
            } else {
                throw new IllegalArgumentException("'" + name + "': unexpected or repeated '" + word + "'; allowed: "
                        + ALLOWED);
            }
        }
        return new WeightedQuorumSystem(weights,
                replication == null ? majority : replication, recovery == null ? majority : recovery);
    }

    private static int parseNumber(String text, String name) {
        // Digits only (ASCII, no sign), short enough never to overflow an int.
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "': '" + text + "' is not a number from 0 to 999999999; allowed: " + ALLOWED);
        }
        return Integer.parseInt(text);
    }
}
