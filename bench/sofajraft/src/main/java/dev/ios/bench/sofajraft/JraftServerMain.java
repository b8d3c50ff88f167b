package dev.ios.bench.sofajraft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import dev.ios.bench.lineport.ClientPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One SOFAJRaft peer of the cluster benchmark's comparison (docs/cluster-bench.md, "SOFAJRaft in
 * the same run"): a Raft node with {@link KvStateMachine}, SOFAJRaft's default RocksDB log storage
 * in {@code <data>/log}, its metadata in {@code <data>/raft_meta}, and a {@link ClientPort} on
 * 127.0.0.1. Options set here and nowhere else: {@code electionTimeoutMs} (from the flags, default
 * SOFAJRaft's 1000) and {@code RaftOptions.sync = true} (SOFAJRaft's default, stated because the
 * comparison depends on it: the log is fsynced before an entry counts as stored); no snapshot URI, so
 * no snapshots. Everything else is SOFAJRaft 1.3.15's default.
 *
 * <p>Exit codes: 2 bad arguments; 1 the node or the client port could not start (e.g. a busy port);
 * otherwise it runs until SIGTERM, when it stops the client port and the node.
 */
public final class JraftServerMain {

    /** The Raft group every peer joins. */
    static final String GROUP = "ios-clusterbench";

    private JraftServerMain() {}

    /** Starts the peer {@code args} describe ({@link ServerArgs}) and blocks until the JVM stops. */
    public static void main(String[] args) throws IOException, InterruptedException {
        ServerArgs parsed;
        try {
            parsed = ServerArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sofajraft server: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<PeerId> peers = new ArrayList<>();
        for (String peer : parsed.peer().peers()) {
            peers.add(PeerId.parsePeer(peer));
        }
        Files.createDirectories(parsed.peer().data());
        KvStateMachine stateMachine = new KvStateMachine();
        NodeOptions options = new NodeOptions();
        options.setElectionTimeoutMs(parsed.electionTimeoutMs());
        options.setInitialConf(new Configuration(peers));
        options.setFsm(stateMachine);
        options.setLogUri(parsed.peer().data().resolve("log").toString());
        options.setRaftMetaUri(parsed.peer().data().resolve("raft_meta").toString());
        RaftOptions raft = new RaftOptions();
        raft.setSync(true);
        options.setRaftOptions(raft);
        RaftGroupService group = new RaftGroupService(GROUP, peers.get(parsed.peer().id()), options);
        ClientPort port;
        try {
            Node node = group.start();
            port = ClientPort.open(new InetSocketAddress("127.0.0.1", parsed.peer().clientPort()),
                    new JraftKvService(node, stateMachine, peers));
        } catch (Exception e) {
            // Netty throws a busy port's BindException undeclared, hence Exception. SOFAJRaft's threads are not daemons: without an exit, a peer that failed to start (a busy
            // port) would live on half-started, and the benchmark would wait for it in vain.
            System.err.println("sofajraft server " + parsed.peer().id() + ": cannot start: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            port.close();
            group.shutdown();
            stopped.countDown();
        }, "sofajraft-stop"));
        System.out.printf("sofajraft server %d: raft %s, clients 127.0.0.1:%d, data %s%n", parsed.peer().id(),
                parsed.peer().peers().get(parsed.peer().id()), parsed.peer().clientPort(), parsed.peer().data());
        stopped.await();
    }
}
