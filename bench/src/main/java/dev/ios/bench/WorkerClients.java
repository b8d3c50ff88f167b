package dev.ios.bench;

import dev.ios.bench.workload.IosKvClient;
import dev.ios.bench.workload.KvClient;
import dev.ios.client.ClientIdentity;
import dev.ios.client.ClientOptions;
import dev.ios.client.IosClient;
import dev.ios.config.AddressConfig;
import dev.ios.config.ClientConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients of one {@code ios bench} run against a cluster: one {@link IosClient} per worker —
 * each its own client id, so each has one request in flight and a definite answer after a failover
 * — plus one for the read-backs of {@code -check}.
 *
 * <p>Client ids: random per run by default (Ios's scheme); with {@code -id n}, worker {@code i} is
 * client {@code n + i} and keeps its next request id in {@code ~/.ios/client-<n+i>.requestid}, the
 * file the shell's {@code -id} uses, so a rerun with the same {@code -id} never reuses a request id
 * (a server would answer it with the old response).
 */
final class WorkerClients implements AutoCloseable {

    private final List<IosKvClient> workers;
    private final IosKvClient readBack;

    private WorkerClients(List<IosKvClient> workers, IosKvClient readBack) {
        this.workers = workers;
        this.readBack = readBack;
    }

    /**
     * {@code count} worker clients and a read-back client for the servers of {@code addresses}. None
     * connects yet. {@code firstClientId} &lt; 0 picks random ids.
     *
     * @throws IOException if a request-id file of {@code -id} cannot be read or written
     */
    static WorkerClients open(AddressConfig addresses, ClientConfig config, int count, long firstClientId) throws IOException {
        ClientOptions options = ClientOptions.from(config);
        List<IosKvClient> workers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ClientIdentity identity = firstClientId < 0 ? ClientIdentity.random()
                        : ClientIdentity.persistent(firstClientId + i, requestIdFile(firstClientId + i));
                workers.add(new IosKvClient(IosClient.builder().servers(addresses).options(options).identity(identity).build()));
            }
        } catch (IOException | RuntimeException e) {
            workers.forEach(IosKvClient::close);
            throw e;
        }
        IosKvClient readBack = new IosKvClient(IosClient.builder().servers(addresses).options(options).build());
        return new WorkerClients(List.copyOf(workers), readBack);
    }

    private static Path requestIdFile(long clientId) {
        return Path.of(System.getProperty("user.home"), ".ios", "client-" + clientId + ".requestid");
    }

    /** One client per worker, in worker order. */
    List<? extends KvClient> workers() {
        return workers;
    }

    /** The client {@code -check} reads every key back with, before and after the run. */
    KvClient readBack() {
        return readBack;
    }

    /**
     * Connects the read-back client now: true if some server accepted, false if none did within the
     * client's connection rounds (then nothing will work).
     */
    static boolean anyServerReachable(AddressConfig addresses, ClientConfig config) throws InterruptedException {
        try (IosClient probe = IosClient.create(addresses, config)) {
            return probe.connect();
        }
    }

    @Override
    public void close() {
        workers.forEach(IosKvClient::close);
        readBack.close();
    }
}
