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
 * Apache Ratis peers (module bench/ratis, {@code RatisServerMain}) as child JVMs of the benchmark,
 * on the ports an Ios cluster of the same size would use: clients on {@code base+i}, Raft (gRPC) on
 * the peer ports {@code base+10+i}. Each peer's data is {@code <runDir>/<id>}, its output {@code
 * <runDir>/server-<id>.log}. The leader is found by {@link LeaderProbe}.
 */
final class RatisCluster extends ChildProcessCluster {

    /** The peers' main class, looked up by name: bench does not depend on bench/ratis. */
    static final String MAIN = "dev.ios.bench.ratis.RatisServerMain";

    /**
     * JVM flags Ratis needs besides the servers' heap and collector: none on JDK 17 (checked on
     * 17.0.15: Ratis 3.3.0 starts, elects and replicates over gRPC without --add-opens or
     * --add-exports; its shaded Netty then allocates direct buffers the JDK's way).
     */
    static final List<String> JVM_FLAGS = List.of();

    private RatisCluster(LocalCluster children) {
        super(children);
    }

    /**
     * Starts one peer per server of {@code layout} with {@code heapFlags} (the servers' JVM flags).
     *
     * @throws dev.ios.bench.cluster.PortsInUseException if a port is busy (nothing was started)
     * @throws IOException if a process cannot be started (the started ones are stopped)
     */
    static RatisCluster start(ClusterLayout layout, String classpath, Path runDir, List<String> heapFlags)
            throws IOException {
        String peers = layout.peerPorts().stream().map(port -> ClusterLayout.HOST + ":" + port)
                .collect(Collectors.joining(","));
        List<String> jvmFlags = new ArrayList<>(JVM_FLAGS);
        jvmFlags.addAll(heapFlags);
        List<String> command = LocalCluster.childCommand(jvmFlags, classpath, MAIN);
        Path dir = runDir.toAbsolutePath();
        return new RatisCluster(LocalCluster.startChildren(layout, null, dir, command, id -> List.of("--id",
                Integer.toString(id), "--peers", peers, "--client-port", Integer.toString(layout.clientPorts().get(id)),
                "--data", dir.resolve(Integer.toString(id)).toString())));
    }

    /** Ratis's peers have no REST port: heaps come from jcmd alone. */
    @Override
    public int restPort(int id) {
        return -1;
    }

    /**
     * Polls every peer until one serves a read as leader. Ratis's election timeout is 150 to 300 ms
     * by default, so a fresh group has a leader within a second or two even on a busy machine.
     */
    @Override
    public int awaitMaster(Duration timeout) throws ClusterRun.RunFailed, InterruptedException {
        return pollMaster(System.nanoTime() + timeout.toNanos(), "no Ratis leader served a read within "
                + timeout.toMillis() + " ms; see " + log(0).resolveSibling("server-*.log"));
    }

    @Override
    public int currentMaster() {
        return LeaderProbe.leaderAmong(clientAddresses());
    }
}
