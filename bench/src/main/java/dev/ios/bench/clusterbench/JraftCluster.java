package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.LocalCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SOFAJRaft peers (module bench/sofajraft, {@code JraftServerMain}) as child JVMs of the benchmark,
 * on the ports an Ios cluster of the same size would use: clients on {@code base+i}, Raft on the
 * peer ports {@code base+10+i}. Each peer's data is {@code <runDir>/<id>}, its output {@code
 * <runDir>/server-<id>.log}. The leader is found by sending each peer a read: only the leader answers
 * it with success (a follower answers {@code NOT_MASTER}).
 */
final class JraftCluster extends ChildProcessCluster {

    /** The peers' main class, looked up by name: bench does not depend on bench/sofajraft. */
    static final String MAIN = "dev.ios.bench.sofajraft.JraftServerMain";

    /**
     * JVM flags SOFAJRaft needs besides the servers' heap and collector: none on JDK 17 (checked on
     * 17.0.15: it starts, elects and replicates without --add-opens or --add-exports; its Netty 4.1
     * then allocates direct buffers the JDK's way, as it does for any application on JDK 9+).
     */
    static final List<String> JVM_FLAGS = List.of();

    /** A linearizable read (a read index on the leader) of a key the load never writes. */
    private static final String PROBE =
            "{\"ClientID\":1,\"RequestID\":1,\"ForceViewChange\":false,\"ReadOnly\":true,\"Request\":\"get probe\"}\n";
    private static final int PROBE_TIMEOUT_MS = 2_000;

    private JraftCluster(LocalCluster children) {
        super(children);
    }

    /**
     * Starts one peer per server of {@code layout} with {@code heapFlags} (the servers' JVM flags).
     *
     * @throws dev.ios.bench.cluster.PortsInUseException if a port is busy (nothing was started)
     * @throws IOException if a process cannot be started (the started ones are stopped)
     */
    static JraftCluster start(ClusterLayout layout, String classpath, Path runDir, List<String> heapFlags)
            throws IOException {
        String peers = layout.peerPorts().stream().map(port -> ClusterLayout.HOST + ":" + port)
                .collect(Collectors.joining(","));
        List<String> jvmFlags = new ArrayList<>(JVM_FLAGS);
        jvmFlags.addAll(heapFlags);
        List<String> command = LocalCluster.childCommand(jvmFlags, classpath, MAIN);
        Path dir = runDir.toAbsolutePath();
        return new JraftCluster(LocalCluster.startChildren(layout, null, dir, command, id -> List.of("--id",
                Integer.toString(id), "--peers", peers, "--client-port", Integer.toString(layout.clientPorts().get(id)),
                "--data", dir.resolve(Integer.toString(id)).toString())));
    }

    /** SOFAJRaft's peers have no REST port: heaps come from jcmd alone. */
    @Override
    public int restPort(int id) {
        return -1;
    }

    /** Polls every peer until one serves a read as leader; a fresh group elects within a few election timeouts. */
    @Override
    public int awaitMaster(Duration timeout) throws ClusterRun.RunFailed, InterruptedException {
        return pollMaster(System.nanoTime() + timeout.toNanos(), "no SOFAJRaft leader served a read within "
                + timeout.toMillis() + " ms; see " + log(0).resolveSibling("server-*.log"));
    }

    @Override
    public int currentMaster() {
        List<InetSocketAddress> addresses = clientAddresses();
        for (int i = 0; i < addresses.size(); i++) {
            if (servesAsLeader(addresses.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** True if the peer at {@code address} answers a read with success; false on any failure. */
    static boolean servesAsLeader(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, PROBE_TIMEOUT_MS);
            socket.setSoTimeout(PROBE_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(PROBE.getBytes(StandardCharsets.UTF_8));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            ReplyLine reply = line == null ? null : ReplyLine.parse(line);
            return reply != null && reply.success();
        } catch (IOException e) {
            return false;
        }
    }
}
