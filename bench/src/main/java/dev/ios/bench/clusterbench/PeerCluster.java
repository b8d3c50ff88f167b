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
 * The peers of a library the benchmark compares with Ios (SOFAJRaft from bench/sofajraft, Apache
 * Ratis from bench/ratis) as child JVMs, on the ports an Ios cluster of the same size would use:
 * clients on {@code base+i}, Raft on the peer ports {@code base+10+i}. Every such peer takes the
 * same flags ({@code PeerArgs} in bench/lineport) and speaks our line protocol through the same
 * client port. Each peer's data is {@code <runDir>/<id>}, its output {@code <runDir>/server-<id>.log}.
 * The leader is the peer that serves a read ({@link LeaderProbe}).
 */
final class PeerCluster extends ChildProcessCluster {

    /**
     * A compared library.
     *
     * @param name for messages
     * @param main the peers' main class, looked up by name: bench depends on neither peer module
     * @param jvmFlags what the peers need besides the servers' heap and collector flags
     */
    record Library(String name, String main, List<String> jvmFlags) {}

    /**
     * SOFAJRaft 1.3.15. No extra JVM flags on JDK 17 (checked on 17.0.15: it starts, elects and
     * replicates without --add-opens or --add-exports; its Netty 4.1 then allocates direct buffers
     * the JDK's way, as it does for any application on JDK 9+).
     */
    static final Library SOFAJRAFT = new Library("SOFAJRaft", "dev.ios.bench.sofajraft.JraftServerMain", List.of());

    /**
     * Apache Ratis 3.3.0. No extra JVM flags on JDK 17 (checked on 17.0.15: it starts, elects and
     * replicates over gRPC without --add-opens or --add-exports; its shaded Netty then allocates
     * direct buffers the JDK's way). Its election timeout is 150 to 300 ms by default, so a fresh
     * group has a leader within a second or two even on a busy machine.
     */
    static final Library RATIS = new Library("Ratis", "dev.ios.bench.ratis.RatisServerMain", List.of());

    private final Library library;

    private PeerCluster(Library library, LocalCluster children) {
        super(children);
        this.library = library;
    }

    /**
     * Starts one peer of {@code library} per server of {@code layout} with {@code heapFlags} (the
     * servers' JVM flags).
     *
     * @throws dev.ios.bench.cluster.PortsInUseException if a port is busy (nothing was started)
     * @throws IOException if a process cannot be started (the started ones are stopped)
     */
    static PeerCluster start(Library library, ClusterLayout layout, String classpath, Path runDir, List<String> heapFlags)
            throws IOException {
        String peers = layout.peerPorts().stream().map(port -> ClusterLayout.HOST + ":" + port)
                .collect(Collectors.joining(","));
        List<String> jvmFlags = new ArrayList<>(library.jvmFlags());
        jvmFlags.addAll(heapFlags);
        List<String> command = LocalCluster.childCommand(jvmFlags, classpath, library.main());
        Path dir = runDir.toAbsolutePath();
        return new PeerCluster(library, LocalCluster.startChildren(layout, null, dir, command, id -> List.of("--id",
                Integer.toString(id), "--peers", peers, "--client-port", Integer.toString(layout.clientPorts().get(id)),
                "--data", dir.resolve(Integer.toString(id)).toString())));
    }

    /** The compared libraries' peers have no REST port: heaps come from jcmd alone. */
    @Override
    public int restPort(int id) {
        return -1;
    }

    /** Polls every peer until one serves a read as leader; a fresh group elects within a few election timeouts. */
    @Override
    public int awaitMaster(Duration timeout) throws ClusterRun.RunFailed, InterruptedException {
        return pollMaster(System.nanoTime() + timeout.toNanos(), "no " + library.name() + " leader served a read within "
                + timeout.toMillis() + " ms; see " + log(0).resolveSibling("server-*.log"));
    }

    @Override
    public int currentMaster() {
        return LeaderProbe.leaderAmong(clientAddresses());
    }
}
