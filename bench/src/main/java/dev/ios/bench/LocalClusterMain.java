package dev.ios.bench;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.LocalCluster;
import dev.ios.bench.cluster.PortsInUseException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ios local N}: starts N Ios servers on this machine as child processes, prints their
 * addresses and the address file clients use, waits until a master serves, then runs until Ctrl-C,
 * which stops them all. The servers also stop if this program is killed, even with {@code kill -9}
 * ({@link dev.ios.bench.cluster.ServerChild} watches its standard input, a pipe from here).
 *
 * <p>Exit codes: 0 never in practice (Ctrl-C ends the JVM with the signal's status); 1 a server
 * exited, or no master within {@code --master-timeout}; 2 bad flags, a busy port, or no server
 * classpath.
 */
@Command(name = "ios local", mixinStandardHelpOptions = true, version = "ios local (Ios for Java) 0.1.0-SNAPSHOT",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts N Ios servers on 127.0.0.1 as child processes (client ports base+i, peer ports base+10+i: 8080+i"
                    + " and 8090+i by default, as configs/example3.conf), writes their address file to <data>/local-N.conf,"
                    + " waits until a master serves, and runs until Ctrl-C, which stops them all. They also stop when this"
                    + " program dies in any way.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "1:a server exited, or no master served in time",
            "2:bad flags, a port already in use, or no server classpath (run it through ./ios)"})
public final class LocalClusterMain implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Parameters(index = "0", paramLabel = "N", defaultValue = "3", description = "Number of servers. Default: ${DEFAULT-VALUE}")
    int servers;

    @Option(names = "--base-port", paramLabel = "<port>", defaultValue = "8080",
            description = "Client port of server 0; server i listens for clients on base+i and for peers on base+10+i."
                    + " Default: ${DEFAULT-VALUE}")
    int basePort;

    @Option(names = "--data", paramLabel = "<dir>", defaultValue = "${sys:ios.home:-.}/data",
            description = "Data directories <dir>/<id>, logs <dir>/server-<id>.log, the address file <dir>/local-N.conf."
                    + " Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = {"-algorithm", "--algorithm"}, paramLabel = "<server.conf>",
            defaultValue = "${sys:ios.home:-.}/configs/simple/server.conf",
            description = "Server config every server uses. Default: ${DEFAULT-VALUE}")
    Path serverConfig;

    @Option(names = "--master-timeout", paramLabel = "<time>", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up if no master serves within this long. Default: ${DEFAULT-VALUE}")
    Duration masterTimeout;

    private final PrintStream out;
    private final PrintStream err;

    LocalClusterMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code ios local} and exits with its status. */
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new LocalClusterMain(System.out, System.err));
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        String classpath = ServerClasspath.orExplain("ios local", err);
        if (classpath == null) {
            return EXIT_USAGE;
        }
        ClusterLayout layout;
        try {
            layout = ClusterLayout.fromBase(servers, basePort);
        } catch (IllegalArgumentException e) {
            err.println("ios local: " + e.getMessage());
            return EXIT_USAGE;
        }
        Path addressFile = dataDir.resolve("local-" + servers + ".conf");
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(layout, classpath, serverConfig, dataDir, addressFile, iosHome());
        } catch (PortsInUseException e) {
            err.println("ios local: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("ios local: cannot start the servers: " + e);
            return EXIT_FAILED;
        }
        // From here the shutdown hook LocalCluster registered stops the servers on Ctrl-C.
        try {
            printAddresses(cluster);
            Duration took = cluster.awaitMaster(masterTimeout);
            out.printf("ios local: a master serves (after %.1f s). Try: ./ios cli -config %s%n", took.toMillis() / 1e3,
                    addressFile);
            out.println("ios local: running; Ctrl-C stops all " + servers + " servers.");
            out.flush();
            return waitForAnExit(cluster);
        } catch (IllegalStateException e) {
            err.println("ios local: " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            cluster.close();
        }
    }

    private void printAddresses(LocalCluster cluster) {
        ClusterLayout layout = cluster.layout();
        out.println("ios local: " + layout.servers() + " server(s), address file " + cluster.addressFile() + ":");
        for (int i = 0; i < layout.servers(); i++) {
            out.printf("  server %d  clients %s:%d  peers %s:%d  data %s  log %s%n", i, ClusterLayout.HOST,
                    layout.clientPorts().get(i), ClusterLayout.HOST, layout.peerPorts().get(i),
                    dataDir.resolve(Integer.toString(i)), cluster.log(i));
        }
        out.flush();
    }

    /** Blocks until a server exits by itself (then says which and returns 1); Ctrl-C ends the JVM first. */
    private int waitForAnExit(LocalCluster cluster) throws InterruptedException {
        while (true) {
            int exited = cluster.exitedServer();
            // Ctrl-C reaches the servers too (one process group); their exit then is no news.
            if (exited >= 0 && !cluster.stopping()) {
                err.println("ios local: server " + exited + " exited with status " + cluster.exitValue(exited) + "; see "
                        + cluster.log(exited) + ". Stopping the others.");
                return EXIT_FAILED;
            }
            // Checked twice a second: only a message depends on it, the servers run on regardless.
            Thread.sleep(500);
        }
    }

    static Path iosHome() {
        return Path.of(System.getProperty("ios.home", ".")).toAbsolutePath().normalize();
    }

    /** For tests: runs with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new LocalClusterMain(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
