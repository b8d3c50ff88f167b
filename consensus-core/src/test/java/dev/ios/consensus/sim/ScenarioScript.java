package dev.ios.consensus.sim;

import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.ReplicaConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a golden scenario script against a fault-free {@link SimCluster} and returns its trace.
 *
 * <p>The language, one command per line ({@code #} starts a comment):
 * <pre>
 * seed N                      the simulation seed (before the cluster starts)
 * servers N                   cluster size (before the cluster starts)
 * set KEY VALUE               an algorithm setting (before the cluster starts): delegateReplication,
 *                             quorumSystem, indexExclusivity, implicitWindowCommit, participantHandle,
 *                             participantRead, explicitCommit, thriftyQuorum, windowSize,
 *                             snapshotInterval, snapshotTailEntries
 * run TICKS                   let time pass
 * propose SERVER COMMAND...   a client sends a command to a server
 * read SERVER COMMAND...      the same, marked read-only
 * force SERVER COMMAND...     the same, with ForceViewChange
 * crash SERVER / restart SERVER
 * partition A|B               e.g. 0|12: server 0 alone on one side
 * cut FROM TO                 drop every message from FROM to TO
 * heal                        remove partitions and cuts
 * </pre>
 */
final class ScenarioScript {

    private ScenarioScript() {}

    /** Runs {@code script} (the part before {@code ----}) and returns the trace lines. */
    static List<String> run(String script) {
        List<String> trace = new ArrayList<>();
        Settings settings = new Settings();
        SimCluster cluster = null;
        int lineNumber = 0;
        for (String raw : script.split("\n")) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+", 3);
            String command = words[0];
            try {
                if (command.equals("seed") || command.equals("servers") || command.equals("set")) {
                    if (cluster != null) {
                        throw new IllegalArgumentException("'" + command + "' must come before the cluster starts");
                    }
                    settings.apply(words);
                    continue;
                }
                if (cluster == null) {
                    cluster = settings.start((time, text) -> trace.add(time + " " + text));
                }
                perform(cluster, words);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + line + ": " + e.getMessage(), e);
            }
        }
        return trace;
    }

    private static void perform(SimCluster cluster, String[] words) {
        switch (words[0]) {
            case "run":
                cluster.runUntil(cluster.now() + Long.parseLong(words[1]) * SimCluster.TICK);
                break;
            case "propose":
                cluster.propose(Integer.parseInt(words[1]), words[2], false, false);
                break;
            case "read":
                cluster.propose(Integer.parseInt(words[1]), words[2], true, false);
                break;
            case "force":
                cluster.propose(Integer.parseInt(words[1]), words[2], false, true);
                break;
            case "crash":
                cluster.crash(Integer.parseInt(words[1]));
                break;
            case "restart":
                cluster.restart(Integer.parseInt(words[1]));
                break;
            case "partition":
                cluster.partition(sideMask(words[1]));
                break;
            case "cut":
                cluster.cut(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                break;
            case "heal":
                cluster.healNetwork();
                break;
            default:
                throw new IllegalArgumentException("unknown command '" + words[0] + "'");
        }
    }

    private static long sideMask(String sides) {
        long mask = 0;
        for (char c : sides.substring(0, sides.indexOf('|')).toCharArray()) {
            mask |= 1L << (c - '0');
        }
        return mask;
    }

    /** The cluster settings a script sets before it starts. */
    private static final class Settings {
        long seed = 1;
        int servers = 3;
        String quorumSystem = "strict majority";
        int delegateReplication;
        boolean indexExclusivity;
        boolean implicitWindowCommit;
        boolean participantHandle;
        boolean participantRead;
        boolean explicitCommit = true;
        boolean thriftyQuorum;
        int windowSize = 1;
        int snapshotInterval;
        int snapshotTailEntries;

        void apply(String[] words) {
            if (words[0].equals("seed")) {
                seed = Long.parseLong(words[1]);
                return;
            }
            if (words[0].equals("servers")) {
                servers = Integer.parseInt(words[1]);
                return;
            }
            String value = words[2];
            switch (words[1]) {
                case "quorumSystem": quorumSystem = value; break;
                case "delegateReplication": delegateReplication = Integer.parseInt(value); break;
                case "indexExclusivity": indexExclusivity = Boolean.parseBoolean(value); break;
                case "implicitWindowCommit": implicitWindowCommit = Boolean.parseBoolean(value); break;
                case "participantHandle": participantHandle = Boolean.parseBoolean(value); break;
                case "participantRead": participantRead = Boolean.parseBoolean(value); break;
                case "explicitCommit": explicitCommit = Boolean.parseBoolean(value); break;
                case "thriftyQuorum": thriftyQuorum = Boolean.parseBoolean(value); break;
                case "windowSize": windowSize = Integer.parseInt(value); break;
                case "snapshotInterval": snapshotInterval = Integer.parseInt(value); break;
                case "snapshotTailEntries": snapshotTailEntries = Integer.parseInt(value); break;
                default: throw new IllegalArgumentException("unknown setting '" + words[1] + "'");
            }
        }

        SimCluster start(Trace trace) {
            ReplicaConfig config = ReplicaConfig.simple(QuorumSystems.parse(quorumSystem, servers))
                    .withAlgorithm(delegateReplication, indexExclusivity, participantHandle, participantRead,
                            implicitWindowCommit, explicitCommit, thriftyQuorum)
                    .withPerformance(10, 0, windowSize)
                    .withTimers(2, 10, 8, 4, snapshotTailEntries);
            return new SimCluster(config, seed, FaultPlan.none(), snapshotInterval, trace).deliverSeparately();
        }
    }
}
