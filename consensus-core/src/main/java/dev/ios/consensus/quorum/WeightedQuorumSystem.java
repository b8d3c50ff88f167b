package dev.ios.consensus.quorum;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Weighted votes: server {@code i} carries {@code weights[i]} votes (an integer {@code 0..}{@link
 * #WEIGHT_MAX}); a set of servers is a replication quorum when its weight reaches {@code
 * replicationWeight} and a recovery quorum when it reaches {@code recoveryWeight}. Written in a
 * config file as {@code weighted 2,1,1 replication=3 recovery=2} (see {@link QuorumSystems#parse}).
 *
 * <p>Safety is checked exactly for every server count: a replication quorum and a recovery
 * quorum can be disjoint exactly when some set of servers weighs at least {@code
 * replicationWeight} while the rest weigh at least {@code recoveryWeight}, i.e. some subset sum
 * lies in {@code [replicationWeight, totalWeight - recoveryWeight]}. Subset sums are enumerated by
 * dynamic programming (at most {@code 64 * WEIGHT_MAX} of them). {@code replicationWeight +
 * recoveryWeight > totalWeight} is sufficient but not necessary: weights {@code 2,2,2} with
 * thresholds {@code 3} and {@code 3} are safe, as no subset weighs exactly 3. For at most {@link
 * QuorumIntersection#EXHAUSTIVE_SERVERS_MAX} servers the exhaustive check runs as well.
 *
 * <p>Immutable.
 */
public final class WeightedQuorumSystem implements QuorumSystem {

    /** The largest weight one server may carry; keeps the subset-sum check small. */
    public static final int WEIGHT_MAX = 1000;

    private final int[] weights;
    private final int replicationWeight;
    private final int recoveryWeight;
    private final int totalWeight;
    // thriftyQuorums[c] is the thrifty replication quorum of coordinator c, computed once.
    private final long[] thriftyQuorums;

    /**
     * Builds and checks the system.
     *
     * @param weights the votes of servers {@code 0..weights.length-1}; 1 to 64 servers, each
     *     {@code 0..WEIGHT_MAX}, not all zero; copied
     * @param replicationWeight votes that choose an entry, {@code 1..totalWeight}
     * @param recoveryWeight votes that let a new master recover, {@code 1..totalWeight}
     * @throws IllegalArgumentException if a value is out of range or the system is unsafe, with a
     *     message naming two disjoint quorums
     */
    public WeightedQuorumSystem(int[] weights, int replicationWeight, int recoveryWeight) {
        this.weights = weights.clone();
        this.replicationWeight = replicationWeight;
        this.recoveryWeight = recoveryWeight;
        ServerSets.all(this.weights.length); // validates 1..64
        int total = 0;
        for (int server = 0; server < this.weights.length; server++) {
            int weight = this.weights[server];
            if (weight < 0 || weight > WEIGHT_MAX) {
                throw new IllegalArgumentException(
                        "weight of server " + server + " must be 0.." + WEIGHT_MAX + ", was " + weight);
            }
            total += weight;
        }
        this.totalWeight = total;
        if (total == 0) {
            throw new IllegalArgumentException("weights must not all be zero in '" + name() + "'");
        }
        requireThreshold("replication", replicationWeight);
        requireThreshold("recovery", recoveryWeight);
        Optional<Long> split = findDisjointSplit(this.weights, replicationWeight, recoveryWeight);
        if (split.isPresent()) {
            long replicationQuorum = split.get();
            long rest = allServers() & ~replicationQuorum;
            throw new IllegalArgumentException("unsafe quorum system '" + name() + "': servers "
                    + ServerSets.format(replicationQuorum) + " weigh " + weightOf(replicationQuorum)
                    + " >= replication=" + replicationWeight + " and the others " + ServerSets.format(rest)
                    + " weigh " + weightOf(rest) + " >= recovery=" + recoveryWeight
                    + ", so those quorums do not intersect (replication + recovery > " + totalWeight
                    + " is always safe)");
        }
        if (this.weights.length <= QuorumIntersection.EXHAUSTIVE_SERVERS_MAX) {
            QuorumIntersection.requireSafe(name(), this.weights.length,
                    this::isReplicationQuorum, this::isRecoveryQuorum);
        }
        this.thriftyQuorums = new long[this.weights.length];
        for (int coordinator = 0; coordinator < this.weights.length; coordinator++) {
            thriftyQuorums[coordinator] = greedyQuorum(coordinator);
        }
    }

    /**
     * A set of servers weighing at least {@code replicationWeight} whose complement weighs at
     * least {@code recoveryWeight}, i.e. a witness that the system is unsafe; empty if none
     * exists. Exact, for any number of servers.
     */
    static Optional<Long> findDisjointSplit(int[] weights, int replicationWeight, int recoveryWeight) {
        int total = Arrays.stream(weights).sum();
        // madeBy[s] is the server whose addition first made subset sum s reachable (-1 for 0,
        // -2 for unreachable). Servers are added in order, so following madeBy back from s
        // visits strictly decreasing servers and rebuilds one subset with sum s.
        int[] madeBy = new int[total + 1];
        Arrays.fill(madeBy, -2);
        madeBy[0] = -1;
        for (int server = 0; server < weights.length; server++) {
            int weight = weights[server];
            for (int sum = total; sum >= weight && weight > 0; sum--) {
                if (madeBy[sum] == -2 && madeBy[sum - weight] != -2 && madeBy[sum - weight] < server) {
                    madeBy[sum] = server;
                }
            }
        }
        for (int sum = Math.max(replicationWeight, 0); sum <= total - recoveryWeight; sum++) {
            if (madeBy[sum] != -2) {
                long servers = 0;
                for (int s = sum; s > 0; s -= weights[madeBy[s]]) {
                    servers |= 1L << madeBy[s];
                }
                return Optional.of(servers);
            }
        }
        return Optional.empty();
    }

    /** A copy of the weights, indexed by server. */
    public int[] weights() {
        return weights.clone();
    }

    /** The votes that form a replication quorum. */
    public int replicationWeight() {
        return replicationWeight;
    }

    /** The votes that form a recovery quorum. */
    public int recoveryWeight() {
        return recoveryWeight;
    }

    /** The sum of all weights. */
    public int totalWeight() {
        return totalWeight;
    }

    /** The total weight of the servers in {@code servers}; bits beyond the servers are ignored. */
    public int weightOf(long servers) {
        int weight = 0;
        for (int server = 0; server < weights.length; server++) {
            if (ServerSets.contains(servers, server)) {
                weight += weights[server];
            }
        }
        return weight;
    }

    @Override
    public int serverCount() {
        return weights.length;
    }

    @Override
    public boolean isReplicationQuorum(long servers) {
        return weightOf(servers) >= replicationWeight;
    }

    @Override
    public boolean isRecoveryQuorum(long servers) {
        return weightOf(servers) >= recoveryWeight;
    }

    /**
     * The coordinator, then the heaviest other servers (ties: the next in turn after the
     * coordinator first) until the weight reaches {@code replicationWeight}: a replication quorum
     * with the fewest servers among those containing the coordinator.
     */
    @Override
    public long thriftyReplicationQuorum(int coordinator) {
        if (coordinator < 0 || coordinator >= weights.length) {
            throw new IllegalArgumentException(
                    "server must be 0.." + (weights.length - 1) + ", was " + coordinator);
        }
        return thriftyQuorums[coordinator];
    }

    /** The canonical config form, e.g. {@code weighted 2,1,1 replication=3 recovery=2}. */
    @Override
    public String name() {
        return "weighted " + Arrays.stream(weights).mapToObj(Integer::toString).collect(Collectors.joining(","))
                + " replication=" + replicationWeight + " recovery=" + recoveryWeight;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WeightedQuorumSystem that
                && Arrays.equals(weights, that.weights)
                && replicationWeight == that.replicationWeight
                && recoveryWeight == that.recoveryWeight;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(weights) + replicationWeight) + recoveryWeight;
    }

    @Override
    public String toString() {
        return name();
    }

    private void requireThreshold(String kind, int threshold) {
        if (threshold < 1 || threshold > totalWeight) {
            throw new IllegalArgumentException(kind + " weight in '" + name() + "' must be 1.." + totalWeight
                    + " (the total weight), was " + threshold);
        }
    }

    private long greedyQuorum(int coordinator) {
        int n = weights.length;
        long quorum = 1L << coordinator;
        int weight = weights[coordinator];
        while (weight < replicationWeight) {
            int heaviest = -1;
            for (int step = 1; step < n; step++) {
                int server = (coordinator + step) % n;
                if (!ServerSets.contains(quorum, server) && (heaviest < 0 || weights[server] > weights[heaviest])) {
                    heaviest = server;
                }
            }
            // The total weight reaches replicationWeight (checked above), so a server remains.
            quorum |= 1L << heaviest;
            weight += weights[heaviest];
        }
        return quorum;
    }
}
