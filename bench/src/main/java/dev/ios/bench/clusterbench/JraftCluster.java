package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SOFAJRaft peers (module bench/sofajraft, {@code JraftServerMain}) as child JVMs of the benchmark,
 * on the ports an Ios cluster of the same size would use: clients on {@code base+i}, Raft on the
 * peer ports {@code base+10+i}. Each peer's data is {@code <runDir>/<id>}, its output {@code
 * <runDir>/server-<id>.log}. The leader is found by {@link LeaderProbe}.
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
        return LeaderProbe.leaderAmong(clientAddresses());
    }
}
