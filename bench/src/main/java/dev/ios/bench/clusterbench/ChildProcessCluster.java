package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.LocalCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The part of a {@link RunningCluster} that is the same for every system: its servers are child
 * JVMs of this one ({@link LocalCluster}), whose processes, logs and client addresses it reports.
 * Subclasses say how to find the master and where a server's REST port is.
 */
abstract class ChildProcessCluster implements RunningCluster {

    /** The child JVMs. */
    protected final LocalCluster children;

    ChildProcessCluster(LocalCluster children) {
        this.children = children;
    }

    @Override
    public final int servers() {
        return children.layout().servers();
    }

    @Override
    public final long pid(int id) {
        return children.pid(id);
    }

    @Override
    public final int exitedServer() {
        return children.exitedServer();
    }

    @Override
    public final Path log(int id) {
        return children.log(id);
    }

    @Override
    public final List<InetSocketAddress> clientAddresses() {
        return RunningCluster.clientAddresses(children.layout());
    }

    /**
     * Polls {@link #currentMaster()} until it names a server and returns it.
     *
     * @param nobody the failure's message when no master shows before {@code deadlineNs}
     * @throws ClusterRun.RunFailed if a server exits meanwhile, or at the deadline
     */
    final int pollMaster(long deadlineNs, String nobody) throws ClusterRun.RunFailed, InterruptedException {
        while (System.nanoTime() < deadlineNs) {
            int exited = exitedServer();
            if (exited >= 0) {
                throw new ClusterRun.RunFailed("server " + exited + " exited; see " + log(exited));
            }
            int master = currentMaster();
            if (master >= 0) {
                return master;
            }
            // Each round is bounded by the probes' own timeouts; the pause keeps an election from
            // being polled in a busy loop.
            Thread.sleep(50);
        }
        throw new ClusterRun.RunFailed(nobody);
    }

    @Override
    public final void close() {
        children.close();
    }
}
