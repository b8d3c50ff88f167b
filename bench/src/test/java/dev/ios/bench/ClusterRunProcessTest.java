package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.LocalCluster;
import dev.ios.bench.cluster.ServerBuild;
import dev.ios.client.ClientOptions;
import dev.ios.client.IosClient;
import dev.ios.client.Outcome;
import dev.ios.bench.workload.History;
import dev.ios.bench.workload.HistoryCheck;
import dev.ios.bench.workload.RunOptions;
import dev.ios.bench.workload.RunResult;
import dev.ios.bench.workload.WorkloadGenerator;
import dev.ios.bench.workload.WorkloadRunner;
import dev.ios.config.AddressConfig;
import dev.ios.config.ClientConfig;
import dev.ios.config.WorkloadConfig;
import dev.ios.consensus.lincheck.KvModel;
import dev.ios.consensus.lincheck.Linearizability;
import dev.ios.consensus.lincheck.Operation;
import dev.ios.consensus.lincheck.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload generator's client against three real server processes: {@code ios bench -check}
 * passes with one client (Ios's model check) and with several (the history check); the history of a
 * contended workload through the real client is linearizable (consensus-core's checker); and a client
 * survives {@code kill -9} of the server it is connected to: every request ends in a success or an
 * explicit outcome, and none is applied twice or lost once acknowledged.
 */
@Tag("process")
@Timeout(180)
class ClusterRunProcessTest {

    /** Ios's simple preset with elections after 0.5–1 s, so a failover fits a test. */
    private static final String SERVER_CONFIG = """
            [algorithm]
            delegateReplication = 0
            quorumSystem = strict majority
            explicitCommit = true
            [performance]
            length = 100000
            maxBatch = 10
            windowSize = 1
            [application]
            name = kv-store
            [unsafe]
            persistenceMode = fsync
            [extensions]
            electionTimeoutMinMs = 500
            electionTimeoutMaxMs = 1000
            """;

    @TempDir
    Path dir;

    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        String classpath = ServerBuild.classpathOrSkip();
        Path serverConfig = Files.writeString(dir.resolve("server.conf"), SERVER_CONFIG);
        cluster = LocalCluster.start(ClusterLayout.freePorts(3), classpath, serverConfig, dir, dir.resolve("addresses.conf"),
                ServerBuild.repositoryRoot());
        cluster.awaitMaster(Duration.ofSeconds(60));
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    int bench(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return BenchMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    @Test
    void benchCheckPassesWithOneClientAndWithSeveral() throws Exception {
        Path workload = Files.writeString(dir.resolve("workload.conf"),
                "[config]\nreads = 50\ninterval = 0\nkeys = 5\nkeySize = 2\nvalueSize = 8\nrequests = 150\n");
        Path client = ServerBuild.repositoryRoot().resolve("configs/client.conf");
        for (String clients : new String[] {"1", "3"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path csv = dir.resolve("latency-" + clients + ".csv");

            int code = bench(out, err, "-config", cluster.addressFile().toString(), "-algorithm", client.toString(),
                    "-auto", workload.toString(), "-stat", csv.toString(), "--clients", clients, "--duration", "60s", "-check");

            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed + err);
            assertTrue(printed.contains("check       passed"), printed);
            long expected = 150L * Integer.parseInt(clients);
            assertTrue(printed.contains("requests   " + expected + " in"), printed);
            assertEquals(expected, Files.readAllLines(csv).size(), "one row per request");
        }
    }

    @Test
    void workloadHistoryThroughTheRealClientIsLinearizable() throws Exception {
        // Few keys and several clients, so reads and writes of one key overlap often.
        WorkloadConfig workload = WorkloadConfig.parse("workload.conf", "[config]\nreads = 50\ninterval = 0\nkeys = 3\n"
                + "keySize = 1\nvalueSize = 4\nrequests = 150\n");
        WorkloadGenerator generator = WorkloadGenerator.create(workload, 11);
        RunOptions options = new RunOptions(4, Duration.ofSeconds(60), Duration.ofSeconds(30), false, Duration.ofSeconds(1), null);
        History history = new History();
        AddressConfig addresses = AddressConfig.read(cluster.addressFile());
        ClientConfig clientConfig = ClientConfig.read(ServerBuild.repositoryRoot().resolve("configs/client.conf"));
        RunResult result;
        try (WorkerClients clients = WorkerClients.open(addresses, clientConfig, 4, -1)) {
            result = WorkloadRunner.run(clients.workers(), generator, options, null, history);
            assertEquals(null, ReadBack.after(clients.readBack(), generator.keys(), Duration.ofSeconds(30), history));
        }

        assertEquals(600, result.summary().requests());
        assertEquals(List.of(), HistoryCheck.violations(history.operations()));
        List<Operation<String, String>> operations = new ArrayList<>();
        for (History.Operation op : history.operations()) {
            String input = op.write() ? "update " + op.key() + " " + op.value() : "get " + op.key();
            int client = op.worker() + 1;
            if (op.outcome() == dev.ios.bench.workload.Outcome.SUCCESS) {
                operations.add(new Operation<>(client, op.invokeNs(), op.completeNs(), input, op.write() ? "OK" : op.value()));
            } else if (op.outcome() != dev.ios.bench.workload.Outcome.REJECTED) {
                operations.add(Operation.unknown(client, op.invokeNs(), input)); // may have applied, at any later time
            }
        }
        Result<String, String> verdict = Linearizability.check(operations, KvModel.INSTANCE);
        assertTrue(verdict.ok(), verdict::explain);
    }

    @Test
    void clientSurvivesKillOfItsServer() throws Exception {
        AddressConfig addresses = AddressConfig.read(cluster.addressFile());
        ClientOptions options = ClientOptions.defaults().withTimeoutMs(500).withBackoffMs(20);
        int workers = 3;
        int requestsPerWorker = 60;
        List<List<Outcome>> outcomes = new ArrayList<>();
        List<IosClient> clients = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            outcomes.add(new ArrayList<>());
            clients.add(IosClient.builder().servers(addresses).options(options).build());
        }
        AtomicInteger acknowledged = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(workers);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                Thread thread = new Thread(() -> {
                    try {
                        for (int i = 1; i <= requestsPerWorker; i++) {
                            // One request in flight per client; each writes its own key and moves the
                            // worker's counter key to i, so a late second application of an old request
                            // would show as the counter going back.
                            Outcome outcome = clients.get(worker).submit(
                                    "update w" + worker + "-k" + i + " v" + i + "; update w" + worker + " " + i);
                            outcomes.get(worker).add(outcome);
                            if (outcome.isSuccess()) {
                                acknowledged.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "kill-test-worker-" + w);
                threads.add(thread);
                thread.start();
            }
            awaitAtLeast(acknowledged, 30, Duration.ofSeconds(60));
            int victim = clients.get(0).connectedServer();
            assertTrue(victim >= 0, "client 0 is connected");
            cluster.kill(victim);
            assertTrue(done.await(120, TimeUnit.SECONDS), "every request ended within the client's bounds");
            assertAppliedExactlyOnce(outcomes, victim);
        } finally {
            threads.forEach(Thread::interrupt);
            clients.forEach(IosClient::close);
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int value, Duration timeout) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (counter.get() < value) {
            if (System.nanoTime() > deadlineNs) {
                fail("only " + counter.get() + " of " + value + " writes acknowledged within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** Reads every key back through a fresh client and checks each outcome against it. */
    private void assertAppliedExactlyOnce(List<List<Outcome>> outcomes, int victim) throws Exception {
        AddressConfig addresses = AddressConfig.read(cluster.addressFile());
        int successes = 0;
        int explicit = 0;
        List<String> explicitOutcomes = new ArrayList<>();
        try (IosClient reader = IosClient.builder().servers(addresses).options(ClientOptions.defaults()).build()) {
            for (int w = 0; w < outcomes.size(); w++) {
                List<Outcome> ofWorker = outcomes.get(w);
                int lastAcknowledged = 0;
                for (int i = 1; i <= ofWorker.size(); i++) {
                    Outcome outcome = ofWorker.get(i - 1);
                    Optional<String> value = reader.get("w" + w + "-k" + i);
                    if (outcome instanceof Outcome.Success success) {
                        successes++;
                        lastAcknowledged = i;
                        assertEquals("OK; OK", success.response());
                        assertEquals(Optional.of("v" + i), value, "acknowledged write " + i + " of worker " + w + " is there");
                    } else if (outcome instanceof Outcome.Rejected) {
                        explicit++;
                        explicitOutcomes.add(outcome.toString());
                        assertEquals(Optional.empty(), value, "rejected write " + i + " of worker " + w + " never applied");
                    } else {
                        explicit++;
                        explicitOutcomes.add(outcome.toString());
                        Outcome.Indeterminate indeterminate = (Outcome.Indeterminate) outcome;
                        if (!indeterminate.maybeApplied()) {
                            assertEquals(Optional.empty(), value, "write " + i + " of worker " + w + ": " + outcome);
                        }
                    }
                }
                // The counter key ends at the last acknowledged write or a later one that may have
                // applied; an earlier value would mean an old request was applied again afterwards.
                int counter = Integer.parseInt(reader.get("w" + w).orElseThrow());
                assertTrue(counter >= lastAcknowledged, "worker " + w + ": counter " + counter + " < last acknowledged "
                        + lastAcknowledged);
                for (int i = lastAcknowledged + 1; i <= counter; i++) {
                    assertTrue(!ofWorker.get(i - 1).isSuccess() && !(ofWorker.get(i - 1) instanceof Outcome.Rejected),
                            "counter " + counter + " comes from a write that may have applied");
                }
            }
        }
        System.out.printf("kill -9 of server %d mid-run: %d successes, %d explicit outcomes (%d requests) %s%n", victim,
                successes, explicit, successes + explicit, explicitOutcomes);
        assertTrue(successes > 30, "the cluster carried on after the kill: " + successes + " successes");
    }
}
