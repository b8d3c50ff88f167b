package dev.ios.bench.clusterbench;

import dev.ios.bench.DurationConverter;
import dev.ios.bench.ServerClasspath;
import dev.ios.bench.cluster.PortsInUseException;
import dev.ios.config.ConfigException;
import dev.ios.config.PersistenceMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ios clusterbench}: measures this machine's floor (fsync and loopback round trip), then for
 * each run starts a fresh local cluster as separate JVMs, loads it with closed-loop clients through
 * a lean one-thread client ({@link LoadLoop}) and prints one table row and one JSON line per run
 * (docs/cluster-bench.md).
 *
 * <p>Exit codes: 0 done; 1 a run failed (no master, a server died, {@code --check} failed); 2 bad
 * flags, a bad config, a busy port or no server classpath.
 */
@Command(name = "ios clusterbench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "ios clusterbench (Ios for Java) 0.1.0-SNAPSHOT",
        description = {
            "Benchmarks a local Ios cluster: measures the floor (fsync p50 + loopback round trip p50), then for each"
                    + " client count starts N servers as separate JVMs with a config written from --preset and the flags,"
                    + " runs closed-loop clients for --warmup then --duration, and prints a table row and a JSON line:"
                    + " throughput, latency percentiles, p50 over the floor, errors, the master's share of the servers'"
                    + " CPU and each server's heap after GC. See docs/cluster-bench.md.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:a run failed: no master, a server exited, or --check found a violation",
            "2:bad flags or config, a port in use, or no server classpath (run it through ./ios)"})
public final class ClusterBenchMain implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** The server JVM flags unless {@code --server-jvm-opts}; docs/cluster-bench.md says why. */
    static final String DEFAULT_SERVER_JVM_OPTS = "-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch";

    /** What every SOFAJRaft run is, printed once (docs/cluster-bench.md, "SOFAJRaft in the same run"). */
    static final String JRAFT_LINE = "# sofajraft: one SOFAJRaft peer per server, from bench/sofajraft (RocksDB log,"
            + " RaftOptions.sync true, electionTimeoutMs 1000, no snapshots, reads by ReadOnlySafe read index);"
            + " extra JVM flags: "
            + (PeerCluster.SOFAJRAFT.jvmFlags().isEmpty() ? "none" : String.join(" ", PeerCluster.SOFAJRAFT.jvmFlags()));

    /** What every Ratis run is, printed once (docs/cluster-bench.md, "Apache Ratis in the same run"). */
    static final String RATIS_LINE = "# ratis: one Apache Ratis peer per server, from bench/ratis (segmented log flushed"
            + " before an append counts, gRPC, Ratis's default timeouts, no snapshots, reads LINEARIZABLE by read index);"
            + " extra JVM flags: "
            + (PeerCluster.RATIS.jvmFlags().isEmpty() ? "none" : String.join(" ", PeerCluster.RATIS.jvmFlags()));

    static final List<Integer> MATRIX_CLIENTS = List.of(1, 8, 64);
    static final int DELEGATION_MATRIX_CLIENTS = 64;
    static final int[] DELEGATION_MATRIX = {0, 2, -1};

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--system", paramLabel = "<name>",
            description = "What runs in the cluster: ios, sofajraft (SOFAJRaft peers from bench/sofajraft) or ratis (Apache"
                    + " Ratis peers from bench/ratis), each loaded the same way. Default: ios")
    String system;

    @Option(names = "--systems", paramLabel = "<name>", split = ",",
            description = "Several systems in one invocation, sharing one floor: every client count runs once per system,"
                    + " alternating in this order, e.g. ios,sofajraft,ratis.")
    List<String> systems;

    @Option(names = "--servers", paramLabel = "<n>", defaultValue = "3", description = "Servers per run. Default: ${DEFAULT-VALUE}")
    int servers;

    @Option(names = "--clients", paramLabel = "<n>", split = ",",
            description = "Closed-loop clients; a list runs once per value. Default: 8 (64 with --delegation-matrix)")
    List<Integer> clients;

    @Option(names = "--matrix", description = "Clients 1, 8 and 64: one run each.")
    boolean matrix;

    @Option(names = "--delegation-matrix",
            description = "Runs delegation 0, 2 and -1, each with thrifty on and off, at one client count (default 64).")
    boolean delegationMatrix;

    @Option(names = "--duration", paramLabel = "<time>", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured window per run. Default: ${DEFAULT-VALUE}")
    Duration duration;

    // 15 s: fresh server JVMs spend their first seconds compiling (C2 took about 3 s of CPU per
    // server in the first 10 s here), which on 2 cores halves the throughput of a short warm-up.
    @Option(names = "--warmup", paramLabel = "<time>", defaultValue = "15s", converter = DurationConverter.class,
            description = "Load before the window, not measured (the servers' JIT compiles meanwhile). Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--preset", paramLabel = "<name>", defaultValue = "simple",
            description = "Base server config configs/<name>/server.conf: simple, delegated or fpaxos. Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--delegation", paramLabel = "<n>", description = "delegateReplication: 0 master, k > 0 k others in turn,"
            + " -1 the forwarding server. Default: the preset's")
    Integer delegation;

    @Option(names = "--thrifty", negatable = true, description = "thriftyQuorum on (--no-thrifty: off). Default: the preset's")
    Boolean thrifty;

    @Option(names = "--participant-handle", negatable = true,
            description = "participantHandle on: every server takes clients and forwards to the master, and the"
                    + " clients are spread over all servers (client i on server i mod N). Default: the preset's")
    Boolean participantHandle;

    @Option(names = "--participant-read", negatable = true,
            description = "participantRead on, and reads go to a random server. Default: the preset's")
    Boolean participantRead;

    @Option(names = "--explicit-commit", negatable = true,
            description = "explicitCommit: the coordinator sends every server a Commit (off: followers learn"
                    + " commits from the next Prepare or heartbeat, one message less per follower per entry)."
                    + " Default: the preset's")
    Boolean explicitCommit;

    @Option(names = "--sync-on-loop", negatable = true,
            description = "[extensions] syncOnLoop: with nothing else in flight a server syncs on its replica"
                    + " loop, not the storage thread (two thread wake-ups less per write at light load)."
                    + " Default: the preset's (on)")
    Boolean syncOnLoop;

    @Option(names = "--implicit-window-commit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "implicitWindowCommit. Default: on")
    boolean implicitWindowCommit;

    @Option(names = "--window", paramLabel = "<n>", defaultValue = "64", description = "windowSize. Default: ${DEFAULT-VALUE}")
    int window;

    @Option(names = "--max-batch", paramLabel = "<n>", defaultValue = "256", description = "maxBatch. Default: ${DEFAULT-VALUE}")
    int maxBatch;

    @Option(names = "--persistence", paramLabel = "<mode>", defaultValue = "fsync",
            description = "persistenceMode: fsync, none, osync, dsync or direct. Default: ${DEFAULT-VALUE}")
    String persistence;

    @Option(names = "--snapshot-interval", paramLabel = "<n>", defaultValue = "10000",
            description = "snapshotInterval, in log entries (0 off). On by default, unlike the presets: without"
                    + " snapshots a server keeps its whole log in memory, and at tens of thousands of writes a"
                    + " second its heap fills within a minute and the collector, not the protocol, sets the pace"
                    + " (docs/cluster-bench.md). Default: ${DEFAULT-VALUE}")
    Integer snapshotInterval;

    @Option(names = "--reads", paramLabel = "<percent>", defaultValue = "0", description = "Share of reads. Default: ${DEFAULT-VALUE}")
    int reads;

    @Option(names = "--value-size", paramLabel = "<bytes>", defaultValue = "100",
            description = "Characters per written value. Default: ${DEFAULT-VALUE}")
    int valueSize;

    @Option(names = "--keys", paramLabel = "<n>", defaultValue = "1000", description = "Distinct keys. Default: ${DEFAULT-VALUE}")
    int keys;

    @Option(names = "--request-timeout", paramLabel = "<time>", defaultValue = "5s", converter = DurationConverter.class,
            description = "A request without an answer after this long is an error. Default: ${DEFAULT-VALUE}")
    Duration requestTimeout;

    @Option(names = "--check", description = "Record the history (at most --check-max-ops operations), read every key back"
            + " after the run and check it; FAIL exits 1.")
    boolean check;

    @Option(names = "--check-max-ops", paramLabel = "<n>", defaultValue = "200000",
            description = "The most operations --check records; the window ends there. Default: ${DEFAULT-VALUE}")
    int checkMaxOps;

    @Option(names = "--depth", paramLabel = "<n>", defaultValue = "1",
            description = "Requests each client keeps in flight (pipelined on its connection). 1 is the plain closed"
                    + " loop, which the figures compare; more shows what the servers take when requests share"
                    + " system calls, and the row says so (clients x depth). Default: ${DEFAULT-VALUE}")
    int depth;

    @Option(names = "--connections", paramLabel = "<n>", defaultValue = "0",
            description = "Connections per server the clients share (client i uses connection i mod n), as the"
                    + " clients of a multiplexing library do; each client still has its own ClientID and its own"
                    + " requests in flight. 0: one connection per client. The row says so (clients/n c)."
                    + " Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--fill", paramLabel = "<keys>", defaultValue = "0",
            description = "First write this many distinct keys (16 in flight per client), then print each server's heap"
                    + " after GC. Default: off")
    int fill;

    @Option(names = "--soak", paramLabel = "<time>", converter = DurationConverter.class,
            description = "Run the load this long (instead of --duration), sampling each server's heap after GC every"
                    + " --soak-sample, and say whether it stayed flat.")
    Duration soak;

    @Option(names = "--soak-sample", paramLabel = "<time>", defaultValue = "30s", converter = DurationConverter.class,
            description = "Heap sampling interval of --soak. Default: ${DEFAULT-VALUE}")
    Duration soakSample;

    @Option(names = "--server-jvm-opts", paramLabel = "<flags>", defaultValue = DEFAULT_SERVER_JVM_OPTS,
            description = "Heap, collector and other JVM flags of every server. Default: ${DEFAULT-VALUE}")
    String serverJvmOpts;

    @Option(names = "--base-port", paramLabel = "<port>", defaultValue = "19080",
            description = "Client port of server 0: clients base+i, peers base+10+i, REST base+20+i. Default: ${DEFAULT-VALUE}")
    int basePort;

    @Option(names = "--data", paramLabel = "<dir>", defaultValue = "${sys:ios.home:-.}/target/clusterbench",
            description = "Where the floor is measured and each run's servers keep their data (run-<n>/). Default: ${DEFAULT-VALUE}")
    Path data;

    @Option(names = "--keep", description = "Keep each run's directory (data, logs, server.conf) instead of deleting it.")
    boolean keep;

    @Option(names = "--floor-samples", paramLabel = "<n>", defaultValue = "2000",
            description = "Samples of each floor measurement. Default: ${DEFAULT-VALUE}")
    int floorSamples;

    @Option(names = "--master-timeout", paramLabel = "<time>", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up on a run if no master serves within this long. Default: ${DEFAULT-VALUE}")
    Duration masterTimeout;

    @Option(names = "--seed", paramLabel = "<n>", description = "Seed of the load (keys, reads); random if not given, always printed.")
    Long seed;

    private final PrintStream out;
    private final PrintStream err;

    ClusterBenchMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code ios clusterbench} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs with {@code args}, printing to {@code out} and {@code err}; returns the exit code (tests call this). */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new ClusterBenchMain(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        List<RunSpec> runs = runs();
        boolean anyIos = runs.stream().anyMatch(r -> r.system() == SystemUnderTest.IOS);
        boolean anyJraft = runs.stream().anyMatch(r -> r.system() == SystemUnderTest.SOFAJRAFT);
        String classpath = anyIos ? ServerClasspath.orExplain("ios clusterbench", err) : "";
        boolean anyRatis = runs.stream().anyMatch(r -> r.system() == SystemUnderTest.RATIS);
        String jraftClasspath = anyJraft ? ServerClasspath.sofajraftOrExplain("ios clusterbench", err) : null;
        String ratisClasspath = anyRatis ? ServerClasspath.ratisOrExplain("ios clusterbench", err) : null;
        if (classpath == null || anyJraft && jraftClasspath == null || anyRatis && ratisClasspath == null) {
            return EXIT_USAGE;
        }
        try {
            ClusterRun.requirePortsFree(basePort, servers);
        } catch (PortsInUseException | IllegalArgumentException e) {
            err.println("ios clusterbench: " + e.getMessage());
            return EXIT_USAGE;
        }
        Path iosHome = Path.of(System.getProperty("ios.home", ".")).toAbsolutePath().normalize();
        List<String> jvmFlags = Arrays.asList(serverJvmOpts.trim().split("\\s+"));
        ClusterRun.Environment env = new ClusterRun.Environment(classpath, jraftClasspath, ratisClasspath, iosHome,
                data.toAbsolutePath(), basePort, jvmFlags, keep, masterTimeout);
        err.printf("clusterbench: seed %d (--seed %d repeats the load); %d run(s)%n", runs.get(0).seed(), runs.get(0).seed(),
                runs.size());
        out.println("# server JVM flags: " + String.join(" ", jvmFlags));
        if (anyJraft) {
            out.println(JRAFT_LINE);
        }
        if (anyRatis) {
            out.println(RATIS_LINE);
        }
        Floor floor = Floor.measure(env.dataRoot(), floorSamples, floorSamples);
        out.println(floorLine(floor, env.dataRoot()));
        out.println(RunReport.tableHeader());
        out.flush();
        ClusterRun clusterRun = new ClusterRun(env, out, err);
        boolean checkFailed = false;
        for (int i = 0; i < runs.size(); i++) {
            RunReport report;
            try {
                report = clusterRun.run(runs.get(i), i + 1, floor.floorUs());
            } catch (ConfigException e) {
                err.println("ios clusterbench: " + e.getMessage());
                return EXIT_USAGE;
            } catch (PortsInUseException e) {
                err.println("ios clusterbench: " + e.getMessage());
                return EXIT_USAGE;
            } catch (ClusterRun.RunFailed e) {
                err.println("ios clusterbench: run " + (i + 1) + " failed: " + e.getMessage());
                return EXIT_FAILED;
            } catch (IOException e) {
                err.println("ios clusterbench: run " + (i + 1) + " failed: " + e);
                return EXIT_FAILED;
            }
            out.println(report.tableRow());
            out.println(report.toJson());
            out.flush();
            checkFailed |= "FAIL".equals(report.check());
        }
        return checkFailed ? EXIT_FAILED : 0;
    }

    /** The floor as one comment line. */
    static String floorLine(Floor floor, Path dir) {
        return String.format(Locale.ROOT, "# floor: fsync p50 %.1f us p99 %.1f us (%d writes of %d B + force into"
                        + " preallocated space, as the logs write, in %s; appending to a growing file p50 %.1f us;"
                        + " two writers at once p50 %.1f us); loopback RTT p50 %.1f us p99 %.1f us;"
                        + " floor per write = %.1f us",
                floor.fsync().p50Us(), floor.fsync().p99Us(), floor.fsync().count(), Floor.APPEND_BYTES, dir,
                floor.fsyncGrowing().p50Us(), floor.fsyncPair().p50Us(),
                floor.loopback().p50Us(), floor.loopback().p99Us(), floor.floorUs());
    }

    /** Every run the flags ask for, in order; throws ParameterException (exit 2) on bad flags. */
    List<RunSpec> runs() {
        validate();
        long runSeed = seed != null ? seed : new SplittableRandom().nextLong();
        PersistenceMode mode = PersistenceMode.valueOf(persistence.toUpperCase(Locale.ROOT));
        // The delegation matrix spreads the clients over every server: reverse delegation (-1) has
        // the server a request arrived at coordinate it, which is the master itself otherwise.
        Boolean handle = participantHandle == null && delegationMatrix ? Boolean.TRUE : participantHandle;
        ConfigOverrides overrides = new ConfigOverrides(delegation, thrifty, participantRead, implicitWindowCommit, window,
                maxBatch, mode, snapshotInterval, handle, explicitCommit, syncOnLoop);
        boolean soaking = soak != null;
        RunSpec base = new RunSpec(SystemUnderTest.IOS, preset, overrides, servers, 1, depth, connections, reads, valueSize, keys, warmup,
                soaking ? soak : duration, requestTimeout, check, checkMaxOps, fill, soaking, soakSample, runSeed);
        List<Integer> counts = clients != null ? clients
                : matrix ? MATRIX_CLIENTS : List.of(delegationMatrix ? DELEGATION_MATRIX_CLIENTS : 8);
        List<RunSpec> runs = new ArrayList<>();
        if (delegationMatrix) {
            for (int d : DELEGATION_MATRIX) {
                for (boolean t : new boolean[] {false, true}) {
                    runs.add(base.withClients(counts.get(0)).withDelegation(d, t));
                }
            }
        } else {
            // Alternating, so that slow drifts of a shared machine's speed fall on every system alike.
            for (int c : counts) {
                for (SystemUnderTest s : systems()) {
                    runs.add(base.withClients(c).withSystem(s));
                }
            }
        }
        return runs;
    }

    /** The systems of {@code --system} or {@code --systems}, in order; Ios alone by default. */
    private List<SystemUnderTest> systems() {
        List<String> names = systems != null ? systems : List.of(system != null ? system : "ios");
        List<SystemUnderTest> parsed = new ArrayList<>();
        for (String name : names) {
            try {
                parsed.add(SystemUnderTest.parse(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        require(parsed.stream().distinct().count() == parsed.size(), "--systems names a system twice");
        return parsed;
    }

    private void validate() {
        require(!(system != null && systems != null), "give either --system or --systems");
        require(!(delegationMatrix && !systems().equals(List.of(SystemUnderTest.IOS))),
                "--delegation-matrix varies Ios's delegation: run it with --system ios");
        require(servers >= 1 && servers <= 64, "--servers must be 1 to 64");
        require(clients == null || clients.stream().allMatch(c -> c >= 1 && c <= 10_000), "--clients must be 1 to 10000 each");
        require(!(matrix && clients != null), "--matrix is clients 1,8,64: give either it or --clients");
        require(!(delegationMatrix && clients != null && clients.size() != 1),
                "--delegation-matrix runs at one client count: give --clients with one value");
        require(!(delegationMatrix && (delegation != null || thrifty != null)),
                "--delegation-matrix chooses delegation and thrifty itself: drop --delegation/--thrifty");
        require(!(matrix && delegationMatrix), "--matrix and --delegation-matrix cannot be combined");
        require(reads >= 0 && reads <= 100, "--reads must be 0 to 100");
        require(valueSize >= 1, "--value-size must be at least 1");
        require(keys >= 1, "--keys must be at least 1");
        require(window >= 1 && maxBatch >= 1, "--window and --max-batch must be at least 1");
        require(depth >= 1 && depth <= 1024, "--depth must be 1 to 1024");
        require(connections >= 0 && connections <= 4096, "--connections must be 0 to 4096");
        require(!(check && depth > 1), "--check takes each client's operations one at a time: not with --depth above 1");
        require(fill >= 0, "--fill must be 0 or more");
        require(!(check && fill > 0), "--check cannot follow --fill: the filled values are not in the history");
        require(!(check && soak != null), "--check keeps every operation in memory: not with --soak");
        require(checkMaxOps >= 1, "--check-max-ops must be at least 1");
        require(floorSamples >= 1, "--floor-samples must be at least 1");
        require(!duration.isNegative() && !duration.isZero() && !warmup.isNegative(), "--duration must be > 0, --warmup >= 0");
        require(soak == null || soak.compareTo(Duration.ZERO) > 0, "--soak must be > 0");
        require(soakSample.compareTo(Duration.ofSeconds(1)) >= 0, "--soak-sample must be at least 1s");
        require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "--request-timeout must be > 0");
        require(List.of("simple", "delegated", "fpaxos").contains(preset), "--preset must be simple, delegated or fpaxos");
        require(Arrays.stream(PersistenceMode.values()).anyMatch(m -> m.configName().equals(persistence)),
                "--persistence must be none, fsync, osync, dsync or direct");
        require(!serverJvmOpts.isBlank(), "--server-jvm-opts must not be empty");
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
