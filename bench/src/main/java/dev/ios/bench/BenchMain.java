package dev.ios.bench;

import dev.ios.bench.workload.FakeKvClient;
import dev.ios.bench.workload.History;
import dev.ios.bench.workload.HistoryCheck;
import dev.ios.bench.workload.HtmlReport;
import dev.ios.bench.workload.KvClient;
import dev.ios.bench.workload.LatencyCsv;
import dev.ios.bench.workload.RunOptions;
import dev.ios.bench.workload.RunResult;
import dev.ios.bench.workload.WorkloadGenerator;
import dev.ios.bench.workload.WorkloadRunner;
import dev.ios.config.AddressConfig;
import dev.ios.config.ClientConfig;
import dev.ios.config.ConfigException;
import dev.ios.config.WorkloadConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ios bench}: Ios's test client ({@code test/main.go} in Ios) — runs a workload file against
 * a cluster and writes {@code latency.csv} — plus concurrent clients, a time bound, a summary and
 * an HTML report.
 *
 * <p>Each worker has its own {@link dev.ios.client.IosClient} ({@link WorkerClients}) with one
 * request in flight. {@code --fake} runs the whole generator against an in-process fake instead.
 * {@code -check} is described in {@link HistoryCheck} (any number of clients) and, with one client,
 * also compares every response with a local model, as Ios's did.
 *
 * <p>Exit codes: 0 done; 1 {@code -check} failed or a worker never stopped; 2 bad flags or
 * configuration; 3 no server reachable; 4 a file could not be written.
 */
@Command(name = "ios bench", mixinStandardHelpOptions = true, version = "ios bench (Ios for Java) 0.1.0-SNAPSHOT",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs an Ios workload against a cluster and writes latency.csv with Ios's columns and no header"
                    + " (start time in Unix ns, request id, latency ns, tries, readonly), a progress line every second"
                    + " to stderr, and a summary: throughput, p50/p90/p99/p99.9/max latency, errors, retries.",
            "The one-dash flags are Ios's test-client flags; like Go, we accept them with two dashes too.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:-check failed, or a worker did not stop in time",
            "2:bad flags or configuration (one line names file, line and key)",
            "3:no Ios server reachable",
            "4:an output file (or an -id request-id file) could not be written"})
public final class BenchMain implements Callable<Integer> {

    static final int EXIT_CHECK_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREACHABLE = 3;
    static final int EXIT_IO = 4;

    @Option(names = {"-config", "--config"}, paramLabel = "<addresses.conf>",
            defaultValue = "${sys:ios.home:-.}/configs/example.conf",
            description = "Address file of the cluster: [servers] address = host:peerPort:clientPort. Default: ${DEFAULT-VALUE}")
    Path addressFile;

    @Option(names = {"-auto", "--auto"}, paramLabel = "<workload.conf>",
            defaultValue = "${sys:ios.home:-.}/configs/workloads/example.conf",
            description = "Workload file: [config] reads (%%), interval (ms, each request waits a random 0..interval-1),"
                    + " keys, keySize, valueSize, requests (per client). Default: ${DEFAULT-VALUE}")
    Path workloadFile;

    @Option(names = {"-algorithm", "--algorithm"}, paramLabel = "<client.conf>",
            defaultValue = "${sys:ios.home:-.}/configs/client.conf",
            description = "Client configuration: [parameters] Timeout, Backoff, ConnectRandom, BeforeForce. Default: ${DEFAULT-VALUE}")
    Path clientFile;

    @Option(names = {"-stat", "--stat"}, paramLabel = "<latency.csv>", defaultValue = "latency.csv",
            description = "Where to write one row per request (replaced if it exists; Ios appended). Default: ${DEFAULT-VALUE}")
    Path statFile;

    @Option(names = {"-check", "--check"},
            description = "Check the run: every key is read before and after it; no read may return a value never"
                    + " written, nor one certainly overwritten before the read began, and the read-back must show the last"
                    + " acknowledged writes. With --clients 1 also every response against a local model, as Ios's -check.")
    boolean check;

    @Option(names = {"-id", "--id"}, paramLabel = "<n>", defaultValue = "-1",
            description = "Client id of the first client (client i is id+i; next request ids kept in ~/.ios/client-<id>.requestid);"
                    + " -1 picks random ids (as Ios). Default: ${DEFAULT-VALUE}")
    long clientId;

    @Option(names = "--clients", paramLabel = "<N>", defaultValue = "1",
            description = "Concurrent clients, each a closed loop running the workload's requests. Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(names = "--duration", paramLabel = "<time>", defaultValue = "10m", converter = DurationConverter.class,
            description = "Stop sending after this long even if requests remain (500ms, 30s, 2m, PT1M)."
                    + " Every run is bounded by it plus the request timeout. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--request-timeout", paramLabel = "<time>", defaultValue = "30s", converter = DurationConverter.class,
            description = "Give up waiting for one answer after this long and count an error (the client retries"
                    + " within it). Default: ${DEFAULT-VALUE}")
    Duration requestTimeout;

    @Option(names = "--report", paramLabel = "<out.html>",
            description = "Also write a self-contained HTML report: summary, latency over time, latency by percentile.")
    Path reportFile;

    @Option(names = "--seed", paramLabel = "<n>",
            description = "Seed of the workload (keys, reads, values, delays); random if not given, always printed.")
    Long seed;

    @Option(names = "--fake",
            description = "Run against an in-process fake cluster (answers after 50 us) instead of -config:"
                    + " a smoke test of the generator, the CSV and the report; its numbers say nothing about Ios.")
    boolean fake;

    private final PrintStream out;
    private final PrintStream err;

    BenchMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code ios bench} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs {@code ios bench} with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new BenchMain(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        WorkloadConfig workload;
        AddressConfig addresses = null;
        ClientConfig clientConfig = null;
        try {
            workload = WorkloadConfig.read(workloadFile);
            if (!fake) {
                addresses = AddressConfig.read(addressFile);
                clientConfig = ClientConfig.read(clientFile);
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        }
        long runSeed = seed != null ? seed : new SplittableRandom().nextLong();
        WorkloadGenerator generator;
        RunOptions options;
        try {
            generator = WorkloadGenerator.create(workload, runSeed);
            // Ios's -check (every response against a local model) holds with one client only; the
            // history check below holds with any number.
            options = new RunOptions(clients, duration, requestTimeout, check && clients == 1, Duration.ofSeconds(1), err);
        } catch (IllegalArgumentException e) {
            err.println("ios bench: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (fake) {
            try (FakeKvClient client = new FakeKvClient(50)) {
                return runWorkload(Collections.nCopies(clients, client), client, generator, options, workload, runSeed,
                        "the in-process FAKE cluster");
            }
        }
        if (!WorkerClients.anyServerReachable(addresses, clientConfig)) {
            err.println("ios bench: no Ios server reachable at " + addresses.servers().size() + " server(s) of " + addressFile
                    + "; start them with ./ios local 3 or ./ios server, or pass -config <address file>");
            return EXIT_UNREACHABLE;
        }
        try (WorkerClients cluster = WorkerClients.open(addresses, clientConfig, clients, clientId)) {
            return runWorkload(cluster.workers(), cluster.readBack(), generator, options, workload, runSeed,
                    addresses.serverCount() + " server(s) of " + addressFile);
        } catch (IOException e) {
            err.println("ios bench: cannot keep the request ids of -id " + clientId + ": " + e);
            return EXIT_IO;
        }
    }

    /** Runs the workload through {@code workers}, prints the summary and files, and checks; returns the exit code. */
    private int runWorkload(List<? extends KvClient> workers, KvClient readBackClient, WorkloadGenerator generator,
                            RunOptions options, WorkloadConfig workload, long runSeed, String target) throws InterruptedException {
        err.printf("ios bench: %s against %s: %d client(s) x %d requests, reads %d%%, %d keys, duration <= %s,"
                        + " seed=%d (--seed %d repeats the workload)%n",
                workloadFile, target, clients, workload.requests(), workload.readsPercent(), workload.keys(), duration, runSeed,
                runSeed);
        History history = check ? new History() : null;
        if (check) {
            String failure = ReadBack.before(readBackClient, generator.keys(), requestTimeout, history);
            if (failure != null) {
                out.println("check       FAILED: " + failure);
                return EXIT_CHECK_FAILED;
            }
        }
        RunResult result;
        try (LatencyCsv csv = LatencyCsv.create(statFile)) {
            result = WorkloadRunner.run(workers, generator, options, csv, history);
        } catch (IOException e) {
            err.println("ios bench: cannot write " + statFile + ": " + e);
            return EXIT_IO;
        }
        out.print(result.summary().format());
        out.println("latency.csv " + statFile + " (" + result.summary().requests() + " rows)");
        if (reportFile != null) {
            try {
                HtmlReport.write(reportFile, "ios bench against " + target + ", " + workloadFile + ", " + clients
                        + " client(s), seed " + runSeed, result);
                out.println("report      " + reportFile);
            } catch (IOException e) {
                err.println("ios bench: cannot write the report " + reportFile + ": " + e);
                return EXIT_IO;
            }
        }
        String historyFailure = null;
        if (check) {
            historyFailure = ReadBack.after(readBackClient, generator.keys(), requestTimeout, history);
            if (historyFailure == null) {
                List<String> violations = HistoryCheck.violations(history.operations());
                historyFailure = violations.isEmpty() ? null : String.join("; ", violations);
            }
        }
        return exitCode(result, historyFailure, history);
    }

    private int exitCode(RunResult result, String historyFailure, History history) {
        int code = 0;
        if (result.workersStuck() > 0) {
            err.println("ios bench: " + result.workersStuck() + " client(s) did not stop within the time bound");
            code = EXIT_CHECK_FAILED;
        }
        if (check) {
            String failure = result.checkFailure() != null ? result.checkFailure() : historyFailure;
            if (failure != null) {
                out.println("check       FAILED: " + failure);
                code = EXIT_CHECK_FAILED;
            } else {
                out.println("check       passed (" + history.operations().size() + " operations: no invented or stale read,"
                        + " every key read back as last written" + (clients == 1 ? ", every response as the model's" : "")
                        + ")");
            }
        }
        return code;
    }
}
