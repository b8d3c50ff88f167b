package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.LocalCluster;
import dev.ios.bench.cluster.PortsInUseException;
import dev.ios.bench.workload.History;
import dev.ios.config.AddressConfig;
import dev.ios.config.ConfigException;
import dev.ios.config.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run: writes the server config, starts the cluster, finds the master, optionally
 * fills it, loads it while reading every server's CPU time at the window's edges, optionally checks
 * the history, reads the heaps, stops the cluster and removes its directory (unless kept).
 *
 * <p>Progress goes to {@code err}; results that are not the run's report (the fill's heaps, the
 * soak's series, the check's verdict) go to {@code out} as {@code #} comment lines; the report is
 * returned, not printed.
 */
final class ClusterRun {

    /**
     * Where and how servers run: the same for every run of one invocation.
     *
     * @param serverClasspath Ios's servers' classpath
     * @param sofajraftClasspath bench/sofajraft's classpath; null when no run is of SOFAJRaft
     * @param ratisClasspath bench/ratis's classpath; null when no run is of Ratis
     */
    record Environment(String serverClasspath, String sofajraftClasspath, String ratisClasspath, Path iosHome, Path dataRoot, int basePort,
                       List<String> serverJvmFlags, boolean keep, Duration masterTimeout) {}

    /** The run failed in a way the user must hear about (no master, a server died); exit 1. */
    static final class RunFailed extends Exception {
        private static final long serialVersionUID = 1L;

        RunFailed(String message) {
            super(message);
        }
    }

    /** Depth per client during a fill: enough requests in flight to fill batches without a long queue. */
    static final int FILL_DEPTH = 16;

    private static final long NS_PER_SECOND = 1_000_000_000L;

    private final Environment env;
    private final PrintStream out;
    private final PrintStream err;
    private final ServerProbe probe = new ServerProbe();

    ClusterRun(Environment env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** The server config {@code spec} asks for, checked against the layout. */
    static ServerConfig serverConfig(Path iosHome, RunSpec spec, ClusterLayout layout, int restBasePort)
            throws ConfigException {
        ServerConfig preset = ServerConfig.read(iosHome.resolve("configs").resolve(spec.preset()).resolve("server.conf"));
        ServerConfig config;
        try {
            config = spec.overrides().applyTo(preset, restBasePort);
        } catch (IllegalArgumentException e) {
            throw ConfigException.atLine("clusterbench flags", 0, e.getMessage());
        }
        config.validateFor(AddressConfig.parse("addresses", layout.addressFileText()));
        return config;
    }

    /** The REST port of server 0: after the client ports and the peer ports, with the same gap. */
    static int restBasePort(int basePort, int servers) {
        return basePort + 2 * Math.max(10, servers);
    }

    /**
     * Throws {@link PortsInUseException} naming every busy port of a cluster of {@code servers} on
     * {@code basePort}: client, peer and REST ports. Checked before the floor is measured, so a busy
     * port fails at once; {@link LocalCluster} checks again as each run starts.
     */
    static void requirePortsFree(int basePort, int servers) {
        List<String> busy = new ArrayList<>(ClusterLayout.fromBase(servers, basePort).busyPorts());
        busy.addAll(busyRestPorts(restBasePort(basePort, servers), servers));
        if (!busy.isEmpty()) {
            throw new PortsInUseException("port(s) already in use: " + String.join(", ", busy)
                    + "; stop what runs there, or choose other ports with --base-port");
        }
    }

    /** Throws {@link PortsInUseException} naming every busy REST port ({@link LocalCluster} checks the others). */
    static void requireFree(int restBase, int servers) {
        List<String> busy = busyRestPorts(restBase, servers);
        if (!busy.isEmpty()) {
            throw new PortsInUseException("port(s) already in use: " + String.join(", ", busy)
                    + "; choose other ports with --base-port");
        }
    }

    private static List<String> busyRestPorts(int restBase, int servers) {
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(ClusterLayout.HOST, restBase + i));
            } catch (IOException e) {
                busy.add((restBase + i) + " (server " + i + "'s REST port)");
            }
        }
        return busy;
    }

    /** Runs {@code spec} against a fresh cluster; {@code floorUs} goes into the report. */
    RunReport run(RunSpec spec, int runNumber, double floorUs) throws IOException, ConfigException, RunFailed,
            InterruptedException {
        ClusterLayout layout = ClusterLayout.fromBase(spec.servers(), env.basePort());
        Path runDir = env.dataRoot().resolve("run-" + runNumber);
        deleteTree(runDir);
        Files.createDirectories(runDir);
        try {
            if (spec.system() == SystemUnderTest.SOFAJRAFT) {
                try (RunningCluster cluster = PeerCluster.start(PeerCluster.SOFAJRAFT, layout, env.sofajraftClasspath(),
                        runDir, env.serverJvmFlags())) {
                    return load(spec, ClusterSettings.SOFAJRAFT, cluster, floorUs);
                }
            }
            if (spec.system() == SystemUnderTest.RATIS) {
                try (RunningCluster cluster = PeerCluster.start(PeerCluster.RATIS, layout, env.ratisClasspath(), runDir,
                        env.serverJvmFlags())) {
                    return load(spec, ClusterSettings.RATIS, cluster, floorUs);
                }
            }
            int restBase = restBasePort(env.basePort(), spec.servers());
            ServerConfig config = serverConfig(env.iosHome(), spec, layout, restBase);
            requireFree(restBase, spec.servers());
            Path configFile = runDir.resolve("server.conf");
            Files.writeString(configFile, config.toConfigText());
            try (RunningCluster cluster = new IosCluster(LocalCluster.start(layout, env.serverClasspath(), configFile,
                    runDir, runDir.resolve("addresses.conf"), env.iosHome(), env.serverJvmFlags()), restBase, probe)) {
                return load(spec, ClusterSettings.of(spec.preset(), config), cluster, floorUs);
            }
        } finally {
            if (!env.keep()) {
                deleteTree(runDir);
            }
        }
    }

    private RunReport load(RunSpec spec, ClusterSettings settings, RunningCluster cluster, double floorUs)
            throws IOException, RunFailed, InterruptedException {
        int master = cluster.awaitMaster(env.masterTimeout());
        List<InetSocketAddress> addresses = cluster.clientAddresses();
        long timeoutNs = spec.requestTimeout().toNanos();
        if (spec.fill() > 0) {
            fill(spec, cluster, addresses, master, timeoutNs);
        }
        History history = spec.check() ? new History() : null;
        // Client ids above the fill's and below the read-back's, so no session is shared.
        LoadLoop loop = new LoadLoop(new LoadLoop.Settings(addresses, master, spec.clients(), spec.depth(), 1_000_000L,
                settings.participantRead(), spec.seed(), timeoutNs, settings.participantHandle(), spec.connectionsPerServer()),
                Workload.random(spec.clients(), spec.keys(), spec.valueSize(), spec.reads(), spec.seed()), history,
                spec.historyMax());
        int n = spec.servers();
        // The servers, then this JVM: the client's CPU shows whether it, not the cluster, was the limit.
        long[] pids = new long[n + 1];
        for (int i = 0; i < n; i++) {
            pids[i] = cluster.pid(i);
        }
        pids[n] = ProcessHandle.current().pid();
        long[] ticksStart = new long[n + 1];
        long[] ticksEnd = new long[n + 1];
        long[] waitStart = new long[n + 1];
        long[] waitEnd = new long[n + 1];
        long[] wallNs = new long[2];
        Runnable atStart = () -> {
            wallNs[0] = System.nanoTime();
            readCounters(pids, ticksStart, waitStart);
        };
        Runnable atEnd = () -> {
            wallNs[1] = System.nanoTime();
            readCounters(pids, ticksEnd, waitEnd);
        };
        err.printf("clusterbench: %s %s, %d clients, master %d: %.1f s warm-up, then %.1f s measured%n",
                spec.system().flagName(), settings.preset(), spec.clients(), master, spec.warmup().toMillis() / 1e3,
                spec.duration().toMillis() / 1e3);
        LoadLoop.Result result = spec.soak()
                ? SoakRun.run(spec, loop, new ClusterHeaps(probe, cluster), atStart, atEnd, out, err)
                : loop.run(spec.warmup().toNanos(), spec.duration().toNanos(), atStart, atEnd);
        int exited = cluster.exitedServer();
        if (exited >= 0) {
            throw new RunFailed("server " + exited + " exited during the run; see " + cluster.log(exited));
        }
        int masterAfter = cluster.currentMaster();
        if (masterAfter != master) {
            // The CPU share below is the first master's; after a view change it mixes two roles.
            err.printf("clusterbench: the master changed during the run: %d before, %s after (NOT_MASTER answers count"
                    + " as errors; masterCpuShare is server %d's)%n", master, masterAfter < 0 ? "none" : masterAfter, master);
        }
        if (result.timeouts() > 0) {
            err.printf("clusterbench: %d request(s) got no answer within %d ms (counted as errors)%n", result.timeouts(),
                    spec.requestTimeout().toMillis());
        }
        if (result.firstError() != null) {
            err.println("clusterbench: first error: " + result.firstError());
        }
        if (result.historyFull()) {
            // The warm-up's operations are recorded too: a fast cluster can fill the history before
            // the window opens, and then the row measures nothing.
            err.printf(result.ops() == 0
                    ? "clusterbench: the check's history reached %d operations during the warm-up: nothing was measured;"
                            + " raise --check-max-ops or shorten --warmup%n"
                    : "clusterbench: the check's history reached %d operations; the window ended early%n",
                    spec.historyMax());
        }
        String check = history == null ? null : check(spec, history, addresses, master, timeoutNs);
        ClusterHeaps.Reading heaps = new ClusterHeaps(probe, cluster).read();
        List<Double> cores = cores(ticksStart, ticksEnd, ProcStat.TICKS_PER_SECOND, wallNs[1] - wallNs[0]);
        List<Double> waiting = cores(waitStart, waitEnd, NS_PER_SECOND, wallNs[1] - wallNs[0]);
        return report(spec, settings, result, floorUs, master, cores.subList(0, n), cores.get(n), waiting.subList(0, n),
                waiting.get(n), heaps.bytes(), heaps.source(), check);
    }

    private static RunReport report(RunSpec spec, ClusterSettings settings, LoadLoop.Result result, double floorUs,
                                    int master, List<Double> cores, double clientCores, List<Double> waiting,
                                    double clientWaiting, List<Long> heaps, String heapSource, String check) {
        double total = cores.stream().mapToDouble(Double::doubleValue).sum();
        double share = total > 0 && cores.get(master) >= 0 ? cores.get(master) / total : -1;
        return new RunReport(spec.system().flagName(), spec.servers(), spec.clients(), spec.depth(),
                spec.connectionsPerServer(), settings.preset(),
                settings.delegation(), settings.thrifty(), settings.participantRead(), settings.window(),
                settings.maxBatch(), settings.persistence(), spec.reads(), spec.valueSize(), result.measuredNs() / 1e9,
                result.ops(), result.errors(), result.timeouts(), LatencyStats.ofNanos(result.latency()), floorUs, master,
                share, List.copyOf(cores), clientCores, List.copyOf(waiting), clientWaiting, heaps, heapSource, check,
                LatencyStats.ofNanos(result.readLatency()), LatencyStats.ofNanos(result.writeLatency()),
                result.latencyByServer().stream().map(LatencyStats::ofNanos).toList());
    }

    /**
     * Each process's time counter over the window, in cores (counter seconds per wall second), from
     * readings in {@code unitsPerSecond}; -1 where a reading failed.
     */
    static List<Double> cores(long[] start, long[] end, long unitsPerSecond, long wallNs) {
        List<Double> cores = new ArrayList<>();
        for (int i = 0; i < start.length; i++) {
            boolean known = start[i] >= 0 && end[i] >= 0 && wallNs > 0;
            cores.add(known ? (end[i] - start[i]) / (double) unitsPerSecond / (wallNs / 1e9) : -1.0);
        }
        return cores;
    }

    /** Each process's CPU ticks and run-queue wait now. */
    private static void readCounters(long[] pids, long[] ticks, long[] waitNs) {
        for (int i = 0; i < pids.length; i++) {
            ticks[i] = pids[i] < 0 ? -1 : ProcStat.cpuTicks(pids[i]);
            waitNs[i] = pids[i] < 0 ? -1 : ProcSchedStat.waitNs(pids[i]);
        }
    }

    private void fill(RunSpec spec, RunningCluster cluster, List<InetSocketAddress> addresses, int master, long timeoutNs)
            throws IOException {
        int clients = Math.max(1, spec.clients());
        err.printf("clusterbench: filling %d keys of %d B (%d clients, %d in flight each)%n", spec.fill(), spec.valueSize(),
                clients, FILL_DEPTH);
        LoadLoop loop = new LoadLoop(new LoadLoop.Settings(addresses, master, clients, FILL_DEPTH, 1L, false, spec.seed(),
                timeoutNs, false, 0), Workload.fill(spec.fill(), spec.valueSize()), null, 0);
        LoadLoop.Result result = loop.run(0, TimeUnit.HOURS.toNanos(24), () -> { }, () -> { });
        ClusterHeaps.Reading heaps = new ClusterHeaps(probe, cluster).read();
        double seconds = result.measuredNs() / 1e9;
        out.printf("# fill: %d keys in %.1f s (%.0f keys/s, %d errors); heap after GC per server (%s): %s%n", result.ops(),
                seconds, result.ops() / Math.max(seconds, 1e-9), result.errors(), heaps.source(), heaps.bytes());
    }

    /** Reads every key once after the load (so a lost write shows), then checks the history. */
    private String check(RunSpec spec, History history, List<InetSocketAddress> addresses, int master, long timeoutNs)
            throws IOException {
        int readers = Math.min(16, spec.keys());
        LoadLoop readBack = new LoadLoop(new LoadLoop.Settings(addresses, master, readers, 1, 2_000_000L, false, spec.seed(),
                timeoutNs, false, 0), Workload.readEach(spec.keys()), history, Integer.MAX_VALUE);
        readBack.run(0, TimeUnit.HOURS.toNanos(1), () -> { }, () -> { });
        return HistoryReport.checkAndPrint(history, out);
    }

    /** Deletes {@code dir} and everything under it; nothing if it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
