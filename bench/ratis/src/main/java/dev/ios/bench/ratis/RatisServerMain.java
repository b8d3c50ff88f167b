package dev.ios.bench.ratis;

import dev.ios.bench.lineport.ClientPort;
import dev.ios.bench.lineport.PeerArgs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;

/**
 * One Apache Ratis peer of the cluster benchmark's comparison (docs/cluster-bench.md, "Apache Ratis
 * in the same run"): a {@link RaftServer} with {@link KvStateMachine}, Ratis's segmented log in
 * {@code <data>}, gRPC between the peers on its Raft port, and a {@link ClientPort} on 127.0.0.1.
 *
 * <p>Every property set here is in {@link #properties}; everything else is Ratis 3.3.0's default.
 *
 * <p>Exit codes: 2 bad arguments; 1 the server or the client port could not start (e.g. a busy port);
 * otherwise it runs until SIGTERM, when it stops the client port and the server.
 */
public final class RatisServerMain {

    /** The Raft group every peer joins: a fixed id, so the peers of one run agree without talking. */
    static final RaftGroupId GROUP = RaftGroupId.valueOf(UUID.fromString("1051c1a5-7e5b-4e4c-9a1f-000000000001"));

    private RatisServerMain() {}

    /** Starts the peer {@code args} describe ({@link PeerArgs}: no flag of its own, so Ratis runs on its own timeouts) and blocks until the JVM stops. */
    public static void main(String[] args) throws InterruptedException {
        PeerArgs parsed;
        try {
            parsed = PeerArgs.parse(Set.of(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("ratis server: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<RaftPeerId> ids = new ArrayList<>();
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < parsed.peers().size(); i++) {
            RaftPeerId id = peerId(i);
            ids.add(id);
            peers.add(RaftPeer.newBuilder().setId(id).setAddress(parsed.peers().get(i)).build());
        }
        RaftServer server;
        ClientPort port;
        try {
            Files.createDirectories(parsed.data());
            server = RaftServer.newBuilder()
                    .setServerId(ids.get(parsed.id()))
                    .setGroup(RaftGroup.valueOf(GROUP, peers))
                    .setProperties(properties(parsed))
                    .setStateMachine(new KvStateMachine())
                    // Formats an empty directory, recovers a used one: a restarted peer keeps its log.
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            server.start();
            port = ClientPort.open(new InetSocketAddress("127.0.0.1", parsed.clientPort()),
                    new RatisKvService(server, GROUP, server.getDivision(GROUP).getInfo(), ids, submitters()));
        } catch (Exception e) {
            // Netty throws a busy port's BindException undeclared, hence Exception. Ratis's threads are
            // not all daemons: without an exit a half-started peer would live on and the benchmark
            // would wait for it in vain.
            System.err.println("ratis server " + parsed.id() + ": cannot start: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            port.close();
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("ratis server " + parsed.id() + ": stopping: " + e);
            }
            stopped.countDown();
        }, "ratis-stop"));
        System.out.printf("ratis server %d: raft %s, clients 127.0.0.1:%d, data %s%n", parsed.id(),
                parsed.peers().get(parsed.id()), parsed.clientPort(), parsed.data());
        stopped.await();
    }

    /**
     * The threads that hand client requests to Ratis. Ratis's own gRPC service calls the server from
     * gRPC's default executor, a cached pool, so one client's blocked submission never holds up
     * another's; this does the same for the requests of the client port, whose one I/O thread
     * {@code submitClientRequestAsync} would otherwise block (it waits for the append on Ratis's
     * client executor). Daemons, so they never keep a stopped peer alive.
     */
    static ExecutorService submitters() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "ratis-submit-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Peer {@code index}'s Raft id: {@code s0}, {@code s1}, ... */
    static RaftPeerId peerId(int index) {
        return RaftPeerId.valueOf("s" + index);
    }

    /**
     * Ratis's properties for this peer. Set because the peer needs them: the storage directory and
     * the gRPC host and port (from {@code --data} and {@code --peers}). Set because the comparison
     * needs them: reads {@code LINEARIZABLE} (Ratis's default, {@code DEFAULT}, answers from the
     * leader's state machine without confirming leadership, which is not linearizable). Set to the
     * value they already have, so the fairness they give is stated and cannot drift with a default:
     * the gRPC transport, and the log flushed (FileChannel.force) before an entry counts as stored on
     * this peer ({@code unsafe-flush} and {@code async-flush} off): the leader counts itself in the
     * commit majority only with its flush index, a follower acknowledges an append only once flushed.
     */
    static RaftProperties properties(PeerArgs args) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(args.data().toFile()));
        String self = args.peers().get(args.id());
        int colon = self.lastIndexOf(':');
        GrpcConfigKeys.Server.setHost(properties, self.substring(0, colon));
        GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(self.substring(colon + 1)));
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(properties, false);
        return properties;
    }
}
