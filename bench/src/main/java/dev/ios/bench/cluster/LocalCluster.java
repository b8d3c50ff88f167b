package dev.ios.bench.cluster;

import dev.ios.client.ClientOptions;
import dev.ios.client.IosClient;
import dev.ios.client.Outcome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * N Ios servers running as child processes of this JVM on 127.0.0.1: what {@code ios local} and
 * {@code ios demo} start, and what bench's end-to-end tests use.
 *
 * <p>Each server is {@code java} from {@code java.home} running {@link ServerChild} (which runs
 * {@code IosServerMain} and exits when this JVM dies, even by {@code kill -9}) with the launcher's
 * Chronicle flags, its data in {@code <dataDir>/<id>} and its output in {@code
 * <dataDir>/server-<id>.log}. A shutdown hook stops them if this JVM exits without {@link #close()}.
 *
 * <p>Threads: {@link #close()} and {@link #kill} may be called from any thread; the rest from one.
 */
public final class LocalCluster implements AutoCloseable {

    /** The flags {@code ./ios} gives every program: Chronicle Queue needs the first three on JDK 17. */
    static final List<String> JVM_FLAGS = List.of(
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true");

    /** Heap and collector of {@code ios local} and {@code ios demo}'s servers. */
    public static final List<String> DEFAULT_HEAP_FLAGS =
            // Small heaps and the serial collector: N servers share a laptop (or 2 CI cores).
            List.of("-Xmx256m", "-XX:+UseSerialGC");

    /** How long a server has to stop after SIGTERM before it is killed. */
    private static final long STOP_WAIT_MS = 10_000;

    private final ClusterLayout layout;
    private final Path addressFile;
    private final Path dataDir;
    private final List<String> baseCommand;
    private final IntFunction<List<String>> idArgs;
    private final Process[] processes;
    private final Thread shutdownHook;
    private volatile boolean stopping;

    private LocalCluster(ClusterLayout layout, Path addressFile, Path dataDir, List<String> baseCommand,
                         IntFunction<List<String>> idArgs) {
        this.layout = layout;
        this.addressFile = addressFile;
        this.dataDir = dataDir;
        this.baseCommand = baseCommand;
        this.idArgs = idArgs;
        this.processes = new Process[layout.servers()];
        this.shutdownHook = new Thread(this::stopAll, "ios-local-stop");
    }

    /**
     * Writes the address file, then starts every server of {@code layout}.
     *
     * @param serverClasspath the server's classpath ({@code ios.server.classpath}, set by {@code ./ios})
     * @param serverConfig the server config all servers share ({@code -algorithm})
     * @param dataDir parent of each server's data directory and log; created if missing
     * @param addressFile where to write the address file
     * @param iosHome the repository root, the servers' {@code ios.home}
     * @throws PortsInUseException if a port is busy (nothing was started)
     * @throws IOException if a file cannot be written or a process cannot be started (the started ones are stopped)
     */
    public static LocalCluster start(ClusterLayout layout, String serverClasspath, Path serverConfig, Path dataDir,
                                     Path addressFile, Path iosHome) throws IOException {
        return start(layout, serverClasspath, serverConfig, dataDir, addressFile, iosHome, DEFAULT_HEAP_FLAGS);
    }

    /**
     * As {@link #start(ClusterLayout, String, Path, Path, Path, Path)}, with {@code heapFlags}
     * (heap size, collector, any other JVM flag) instead of {@link #DEFAULT_HEAP_FLAGS}: the
     * cluster benchmark gives its servers larger, fixed heaps. They follow the Chronicle flags.
     */
    public static LocalCluster start(ClusterLayout layout, String serverClasspath, Path serverConfig, Path dataDir,
                                     Path addressFile, Path iosHome, List<String> heapFlags) throws IOException {
        requirePortsFree(layout);
        Files.createDirectories(addressFile.toAbsolutePath().getParent());
        Files.writeString(addressFile, layout.addressFileText());
        List<String> jvmFlags = new ArrayList<>(JVM_FLAGS);
        jvmFlags.addAll(heapFlags);
        jvmFlags.add("-Dios.home=" + iosHome.toAbsolutePath());
        List<String> command = new ArrayList<>(childCommand(jvmFlags, serverClasspath, ServerChild.SERVER_MAIN));
        command.addAll(List.of("-config", addressFile.toAbsolutePath().toString(),
                "-algorithm", serverConfig.toAbsolutePath().toString()));
        Path dataRoot = dataDir.toAbsolutePath();
        return startChildren(layout, addressFile, dataDir, command,
                id -> List.of("-id", Integer.toString(id), "-disk", dataRoot.resolve(Integer.toString(id)).toString()));
    }

    /**
     * The command of a child JVM that runs {@code main} under {@link ServerChild}, so it stops when
     * this JVM dies: {@code java}, {@code jvmFlags}, {@code classpath} plus bench's own classes.
     */
    public static List<String> childCommand(List<String> jvmFlags, String classpath, String main) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-D" + ServerChild.MAIN_PROPERTY + "=" + main);
        command.add("-cp");
        command.add(classpath + File.pathSeparator + ownCodeLocation());
        command.add(ServerChild.class.getName());
        return List.copyOf(command);
    }

    /**
     * Starts one child per server of {@code layout}: {@code command} (e.g. from {@link
     * #childCommand}) followed by {@code idArgs} of its id, output in {@code <dataDir>/server-<id>.log}.
     * The cluster benchmark starts SOFAJRaft peers this way; {@link #awaitMaster} speaks Ios only.
     *
     * @param addressFile the address file the children read, or null if they take none
     * @throws PortsInUseException if a port of {@code layout} is busy (nothing was started)
     * @throws IOException if a process cannot be started (the started ones are stopped)
     */
    public static LocalCluster startChildren(ClusterLayout layout, Path addressFile, Path dataDir, List<String> command,
                                             IntFunction<List<String>> idArgs) throws IOException {
        requirePortsFree(layout);
        Files.createDirectories(dataDir);
        LocalCluster cluster = new LocalCluster(layout, addressFile, dataDir.toAbsolutePath(), List.copyOf(command), idArgs);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            for (int id = 0; id < layout.servers(); id++) {
                cluster.start(id);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static void requirePortsFree(ClusterLayout layout) {
        List<String> busy = layout.busyPorts();
        if (!busy.isEmpty()) {
            throw new PortsInUseException("port(s) already in use: " + String.join(", ", busy)
                    + " — another Ios cluster (or program) runs there; stop it, or choose other ports with --base-port");
        }
    }

    private static String ownCodeLocation() {
        try {
            return Path.of(ServerChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate bench's classes for the servers' classpath: " + e, e);
        }
    }

    /** Starts server {@code id} (again, after {@link #kill}); its log is appended to. */
    public synchronized void start(int id) throws IOException {
        List<String> command = new ArrayList<>(baseCommand);
        command.addAll(idArgs.apply(id));
        // Standard input stays a pipe from this JVM: its end tells ServerChild that we are gone.
        processes[id] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile())).start();
    }

    /** {@code kill -9} of server {@code id} (SIGKILL: {@code destroyForcibly} on Linux); waits until it is gone. */
    public synchronized void kill(int id) throws InterruptedException {
        Process process = processes[id];
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            processes[id] = null;
        }
    }

    /** The address file the servers were started with; null for children that take none. */
    public Path addressFile() {
        return addressFile;
    }

    /** Where the servers listen. */
    public ClusterLayout layout() {
        return layout;
    }

    /** Server {@code id}'s output. */
    public Path log(int id) {
        return dataDir.resolve("server-" + id + ".log");
    }

    /** The id of a server that has exited (and was not killed by {@link #kill}), or -1 if all run. */
    public synchronized int exitedServer() {
        for (int id = 0; id < processes.length; id++) {
            if (processes[id] != null && !processes[id].isAlive()) {
                return id;
            }
        }
        return -1;
    }

    /** Server {@code id}'s process id, or -1 if it is not running (never started, or killed). */
    public synchronized long pid(int id) {
        Process process = processes[id];
        return process == null ? -1 : process.pid();
    }

    /** Server {@code id}'s exit status; only after it exited. */
    public synchronized int exitValue(int id) {
        return processes[id].exitValue();
    }

    /**
     * Waits until some server answers a request as master (a {@code count} through the Ios client,
     * which follows master hints), polling until {@code timeout}. Returns the time it took.
     *
     * @throws IllegalStateException if a server exits meanwhile or no master serves within {@code timeout}
     */
    public Duration awaitMaster(Duration timeout) throws InterruptedException {
        long startNs = System.nanoTime();
        long deadlineNs = startNs + timeout.toNanos();
        ClientOptions options = ClientOptions.defaults().withTimeoutMs(300).withBackoffMs(50).withRequestDeadlineMs(1_000)
                .withConnectRoundsMax(1);
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < layout.servers(); i++) {
            servers.add(ClusterLayout.HOST + ":" + layout.clientPorts().get(i));
        }
        String last = "no attempt yet";
        try (IosClient client = IosClient.builder().servers(servers).options(options).build()) {
            while (System.nanoTime() < deadlineNs) {
                int exited = exitedServer();
                if (exited >= 0) {
                    throw new IllegalStateException("server " + exited + " exited with status " + exitValue(exited)
                            + " while starting; see " + log(exited));
                }
                Outcome outcome = client.submit("count");
                if (outcome.isSuccess()) {
                    return Duration.ofNanos(System.nanoTime() - startNs);
                }
                last = outcome.toString();
                // Each attempt is bounded by the client's deadline; a short pause keeps an
                // unreachable cluster from turning this into a busy loop.
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("no master served within " + timeout.toMillis() + " ms (last: " + last + "); see "
                + dataDir.resolve("server-*.log"));
    }

    /** Stops every server (SIGTERM, then SIGKILL after 10 s) and removes the shutdown hook. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run; nothing to remove.
        }
    }

    /** True once {@link #close()} or the shutdown hook (Ctrl-C) began stopping the servers. */
    public boolean stopping() {
        return stopping;
    }

    private void stopAll() {
        stopping = true;
        stopAllLocked();
    }

    private synchronized void stopAllLocked() {
        for (Process process : processes) {
            if (process != null) {
                process.destroy();
            }
        }
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        for (int id = 0; id < processes.length; id++) {
            Process process = processes[id];
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            processes[id] = null;
        }
    }
}
