package dev.ios.server;

import dev.ios.config.ClusterConfig;
import dev.ios.config.ServerAddress;
import dev.ios.consensus.replica.Event;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.kvstore.KvStateMachine;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ServerStatus;
import dev.ios.server.metrics.Metrics;
import dev.ios.server.net.ClientPortOptions;
import dev.ios.server.net.ClientPortServer;
import dev.ios.server.net.NettyLoops;
import dev.ios.server.net.NettyPeerTransport;
import dev.ios.server.net.PeerTransportOptions;
import dev.ios.server.rest.RestOptions;
import dev.ios.server.rest.RestServer;
import dev.ios.server.runtime.ReplicaRuntime;
import dev.ios.server.runtime.RuntimeListener;
import dev.ios.storage.DataDirectory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A whole Ios server: the key-value state machine in a {@link ReplicaRuntime}, the Netty peer
 * transport, the client port and, when configured, REST — wired from a validated
 * {@link ClusterConfig}. {@link IosServerMain} is a thin command line over this class; tests start
 * it in-process too.
 */
public final class IosServer implements AutoCloseable {

    private final DataDirectory directory;
    private final NettyLoops loops;
    private final Metrics metrics = new Metrics();
    private final AtomicReference<NettyPeerTransport> transport = new AtomicReference<>();
    // Not final: a failed start closes whatever was already built.
    private ReplicaRuntime runtime;
    private ClientPortServer clientPort;
    private RestServer rest;
    private final int serverId;
    private final List<ServerAddress> addresses;

    /**
     * Starts server {@code serverId} of {@code cluster}, keeping its files in {@code dataDir}.
     *
     * @param listenPeers where to listen for peers, or null for the address file's peer port
     * @param listenClients where to listen for clients, or null for the address file's client port
     * @param restPort the REST port, 0 for none
     * @param onHalt told why if the server halts (storage failure, invariant violation)
     * @throws dev.ios.consensus.storage.StorageException if the data directory is corrupt or locked
     */
    public IosServer(ClusterConfig cluster, int serverId, Path dataDir, InetSocketAddress listenPeers,
            InetSocketAddress listenClients, int restPort, Consumer<String> onHalt) {
        this.serverId = serverId;
        this.addresses = cluster.addresses().servers();
        ServerAddress self = addresses.get(serverId);
        ReplicaConfig config = ServerSettings.replicaConfig(cluster.server(), addresses.size());
        this.directory = DataDirectory.open(dataDir, ServerSettings.storageOptions(cluster.server()));
        // One event loop for peers, clients, REST and the replica: a request read from a socket is
        // stepped and its messages written on the same thread, with no hand-off (see ReplicaRuntime).
        this.loops = NettyLoops.create("ios-" + serverId, 1);
        try {
            PeerTransportOptions peerOptions = PeerTransportOptions.DEFAULTS
                    .withListen(listenPeers != null ? listenPeers : new InetSocketAddress(self.host(), self.peerPort()));
            String clusterId = cluster.server().extensions().clusterId();
            this.runtime = new ReplicaRuntime(serverId, config, ServerSettings.runtimeOptions(cluster.server()),
                    new KvStateMachine(), directory.view(), directory.log(), directory.snapshots(),
                    inbound -> {
                        NettyPeerTransport t = new NettyPeerTransport(serverId,
                                NettyPeerTransport.peerAddresses(cluster.addresses()), clusterId, inbound, peerOptions,
                                loops, metrics);
                        transport.set(t);
                        return t;
                    },
                    new MetricsListener(metrics), onHalt, loops.group().next());
            runtime.start();
            ClientGateway gateway = measured(runtime, metrics);
            int maxLineBytes = cluster.server().extensions().maxLineBytes();
            this.clientPort = new ClientPortServer(serverId, addresses, gateway,
                    new ClientPortOptions(listenClients != null ? listenClients
                            : new InetSocketAddress(self.host(), self.clientPort()), maxLineBytes, 1024),
                    loops, metrics);
            this.rest = restPort <= 0 ? null : new RestServer(serverId, gateway, this::status, metrics,
                    new RestOptions(new InetSocketAddress(self.host(), restPort), maxLineBytes, 10_000), loops);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** The runtime's status with the peers' connection state. Any thread. */
    public ServerStatus status() {
        ServerStatus s = runtime.status();
        NettyPeerTransport t = transport.get();
        List<ServerStatus.Peer> peers = new ArrayList<>();
        for (int id = 0; id < addresses.size(); id++) {
            if (id != serverId) {
                ServerAddress a = addresses.get(id);
                peers.add(new ServerStatus.Peer(id, a.host() + ":" + a.peerPort(), t != null && t.isConnected(id)));
            }
        }
        metrics.setLogRecords(s.logRecords());
        return new ServerStatus(s.serverId(), s.view(), s.master(), s.role(), s.indexCommitted(), s.indexApplied(), s.logRecords(),
                peers);
    }

    /** The client port actually bound (useful with port 0). */
    public int clientPort() {
        return clientPort.port();
    }

    /** Metrics of this server. */
    public Metrics metrics() {
        return metrics;
    }

    /** Stops the front ends, the runtime and the event loops; idempotent. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (rest != null) {
            rest.close();
        }
        if (clientPort != null) {
            clientPort.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        loops.close();
        directory.close();
    }

    /** Records each request's latency and counts refusals. */
    private static ClientGateway measured(ClientGateway inner, Metrics metrics) {
        return (request, onReply) -> {
            long start = System.nanoTime();
            inner.submit(request, reply -> {
                if (reply.outcome() == ClientReply.Outcome.SUCCESS) {
                    metrics.recordRequest(System.nanoTime() - start);
                } else if (reply.outcome() == ClientReply.Outcome.REJECTED) {
                    metrics.rejectedClientRequest();
                }
                onReply.accept(reply);
            });
        };
    }

    /** Feeds runtime observations into the metrics. */
    private static final class MetricsListener implements RuntimeListener {
        private final Metrics metrics;

        MetricsListener(Metrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void onSyncLatency(long latencyNs) {
            metrics.recordFsync(latencyNs);
        }

        @Override
        public void onPeerMessageDropped() {
            metrics.droppedPeerMessage();
        }

        @Override
        public void onApplied(long index, int requests) {
            metrics.recordBatch(requests);
        }

        @Override
        public void onEvent(Event event) {
            if (event.kind() == Event.Kind.VIEW_ADOPTED || event.kind() == Event.Kind.VIEW_CHANGE_STARTED) {
                metrics.viewChanged();
            }
        }
    }
}
