package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.ClusterLayout;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A started cluster as a benchmark run sees it, whichever system runs in it: its processes (for CPU
 * and heap), its client addresses and which server leads. Called from the run's thread; {@link
 * #close} stops every server (SIGTERM, then SIGKILL after 10 s).
 */
interface RunningCluster extends AutoCloseable {

    /** Number of servers. */
    int servers();

    /** Server {@code id}'s process id, -1 if it is not running. */
    long pid(int id);

    /** Server {@code id}'s REST port for {@code /metrics}, or -1 if it has none. */
    int restPort(int id);

    /** The id of a server that has exited, or -1 if all run. */
    int exitedServer();

    /** Server {@code id}'s output. */
    Path log(int id);

    /** Every server's client address, by id. */
    List<InetSocketAddress> clientAddresses();

    /**
     * Waits until a master (Raft: leader) serves requests and returns its id.
     *
     * @throws ClusterRun.RunFailed if a server exits or none serves within {@code timeout}
     */
    int awaitMaster(Duration timeout) throws ClusterRun.RunFailed, InterruptedException;

    /** The server that is master now, or -1 if none says so. */
    int currentMaster();

    @Override
    void close();

    /** The client addresses of {@code layout}, by id. */
    static List<InetSocketAddress> clientAddresses(ClusterLayout layout) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int port : layout.clientPorts()) {
            addresses.add(new InetSocketAddress(ClusterLayout.HOST, port));
        }
        return List.copyOf(addresses);
    }
}
