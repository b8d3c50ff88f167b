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

/**
 * {@code ios demo}: the whole system in well under a minute — a fresh local 3-server cluster under
 * {@code data/demo}, the balanced workload with a few clients for a few seconds ({@code ios bench
 * -check}), its summary, {@code latency.csv} and HTML report, then the cluster stopped.
 *
 * <p>Ports: 8080–8082 and 8090–8092 (as {@code configs/example3.conf}) when free; if any is taken,
 * ports the system reports free instead, so the demo also runs beside another cluster or on a busy
 * CI machine. {@code --base-port} insists on given ports.
 *
 * <p>Exit codes: 0 the workload ran and its check passed; 1 it did not (a server failed, no master,
 * the check failed); 2 bad flags or no server classpath; 4 a file could not be written.
 */
@Command(name = "ios demo", mixinStandardHelpOptions = true, version = "ios demo (Ios for Java) 0.1.0-SNAPSHOT",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Starts a fresh local cluster of 3 servers (data in <data>, wiped first), runs the balanced workload"
                    + " (configs/workloads/balanced.conf) against it with ios bench -check, prints the summary and where"
                    + " latency.csv and the HTML report are, and stops the cluster.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done, check passed",
            "1:a server failed, no master served, or the check failed",
            "2:bad flags, a busy --base-port, or no server classpath (run it through ./ios)",
            "4:a file could not be written"})
public final class DemoMain implements Callable<Integer> {

    static final int SERVERS = 3;

    @Option(names = "--clients", paramLabel = "<N>", defaultValue = "4",
            description = "Concurrent clients. Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(names = "--duration", paramLabel = "<time>", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long the workload runs at most. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--data", paramLabel = "<dir>", defaultValue = "${sys:ios.home:-.}/data/demo",
            description = "The demo's directory, wiped first (only if it holds nothing but what the demo writes)."
                    + " Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--base-port", paramLabel = "<port>",
            description = "Use client ports base+i and peer ports base+10+i, and fail if one is taken"
                    + " (default: 8080 if those are free, else any free ports).")
    Integer basePort;

    private final PrintStream out;
    private final PrintStream err;

    DemoMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code ios demo} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs {@code ios demo} with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new DemoMain(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        String classpath = ServerClasspath.orExplain("ios demo", err);
        if (classpath == null) {
            return LocalClusterMain.EXIT_USAGE;
        }
        Path home = LocalClusterMain.iosHome();
        Path data = dataDir.toAbsolutePath().normalize();
        ClusterLayout layout;
        try {
            DemoDirectory.wipe(data);
            layout = chooseLayout();
        } catch (IOException e) {
            err.println("ios demo: " + e.getMessage());
            return BenchMain.EXIT_IO;
        } catch (IllegalArgumentException e) {
            err.println("ios demo: " + e.getMessage());
            return LocalClusterMain.EXIT_USAGE;
        }
        long startNs = System.nanoTime();
        out.println("ios demo: starting " + SERVERS + " servers in " + data + " ...");
        out.flush();
        try (LocalCluster cluster = LocalCluster.start(layout, classpath, home.resolve("configs/simple/server.conf"), data,
                data.resolve("local-" + SERVERS + ".conf"), home)) {
            Duration took = cluster.awaitMaster(Duration.ofSeconds(40));
            out.printf("ios demo: a master serves after %.1f s; clients reach the servers at %s%n", took.toMillis() / 1e3,
                    cluster.addressFile());
            out.println("ios demo: running configs/workloads/balanced.conf with " + clients + " clients for at most "
                    + duration.toMillis() / 1e3 + " s (ios bench -check) ...");
            out.flush();
            Path csv = data.resolve("latency.csv");
            Path report = data.resolve("report.html");
            int code = BenchMain.run(out, err, "-config", cluster.addressFile().toString(),
                    "-auto", home.resolve("configs/workloads/balanced.conf").toString(),
                    "-algorithm", home.resolve("configs/client.conf").toString(),
                    "--clients", Integer.toString(clients), "--duration", duration.toMillis() + "ms",
                    // Bounds the run: a request that is not answered in 10 s counts as an error.
                    "--request-timeout", "10s",
                    "-stat", csv.toString(), "--report", report.toString(), "-check");
            out.printf("ios demo: %s in %.1f s; stopping the cluster (server logs stay in %s)%n",
                    code == 0 ? "done" : "FAILED (ios bench exit " + code + ")", (System.nanoTime() - startNs) / 1e9, data);
            out.println("  latency.csv  " + csv);
            out.println("  report       " + report);
            out.flush();
            return code == 0 ? 0 : code == BenchMain.EXIT_IO ? BenchMain.EXIT_IO : LocalClusterMain.EXIT_FAILED;
        } catch (PortsInUseException e) {
            // With --base-port the user chose the ports; otherwise someone took free ones meanwhile.
            err.println("ios demo: " + e.getMessage());
            return basePort != null ? LocalClusterMain.EXIT_USAGE : LocalClusterMain.EXIT_FAILED;
        } catch (IllegalStateException e) {
            err.println("ios demo: " + e.getMessage());
            return LocalClusterMain.EXIT_FAILED;
        } catch (IOException e) {
            err.println("ios demo: cannot start the servers: " + e);
            return LocalClusterMain.EXIT_FAILED;
        }
    }

    /** example3.conf's ports, or {@code --base-port}'s, or (if the default ones are taken) free ones. */
    private ClusterLayout chooseLayout() throws IOException {
        if (basePort != null) {
            return ClusterLayout.fromBase(SERVERS, basePort);
        }
        ClusterLayout usual = ClusterLayout.fromBase(SERVERS, 8080);
        if (usual.busyPorts().isEmpty()) {
            return usual;
        }
        err.println("ios demo: " + usual.busyPorts().get(0) + " is taken; using free ports instead");
        return ClusterLayout.freePorts(SERVERS);
    }
}
