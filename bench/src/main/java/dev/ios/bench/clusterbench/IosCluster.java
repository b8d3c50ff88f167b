package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.LocalCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An Ios cluster of child JVMs ({@link LocalCluster}), asked for its master over REST ({@code GET /status}). */
final class IosCluster implements RunningCluster {

    private final LocalCluster cluster;
    private final int restBase;
    private final ServerProbe probe;

    IosCluster(LocalCluster cluster, int restBase, ServerProbe probe) {
        this.cluster = cluster;
        this.restBase = restBase;
        this.probe = probe;
    }

    @Override
    public int servers() {
        return cluster.layout().servers();
    }

    @Override
    public long pid(int id) {
        return cluster.pid(id);
    }

    @Override
    public int restPort(int id) {
        return restBase + id;
    }

    @Override
    public int exitedServer() {
        return cluster.exitedServer();
    }

    @Override
    public Path log(int id) {
        return cluster.log(id);
    }

    @Override
    public List<InetSocketAddress> clientAddresses() {
        return RunningCluster.clientAddresses(cluster.layout());
    }

    /** Waits until a master serves a request, then asks {@code /status} which server it is. */
    @Override
    public int awaitMaster(Duration timeout) throws ClusterRun.RunFailed, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        try {
            cluster.awaitMaster(timeout);
        } catch (IllegalStateException e) {
            throw new ClusterRun.RunFailed(e.getMessage());
        }
        while (System.nanoTime() < deadlineNs) {
            int master = currentMaster();
            if (master >= 0) {
                return master;
            }
            // A master already served a request, so this only waits out a view change.
            Thread.sleep(50);
        }
        throw new ClusterRun.RunFailed("no server's GET /status said MASTER within " + timeout.toMillis() + " ms");
    }

    @Override
    public int currentMaster() {
        for (int i = 0; i < servers(); i++) {
            if (probe.isMaster(restBase + i)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
