package dev.ios.bench.clusterbench;

import dev.ios.bench.cluster.LocalCluster;
import java.time.Duration;

/** An Ios cluster of child JVMs ({@link LocalCluster}), asked for its master over REST ({@code GET /status}). */
final class IosCluster extends ChildProcessCluster {

    private final int restBase;
    private final ServerProbe probe;

    IosCluster(LocalCluster servers, int restBase, ServerProbe probe) {
        super(servers);
        this.restBase = restBase;
        this.probe = probe;
    }

    @Override
    public int restPort(int id) {
        return restBase + id;
    }

    /** Waits until a master serves a request, then asks {@code /status} which server it is. */
    @Override
    public int awaitMaster(Duration timeout) throws ClusterRun.RunFailed, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        try {
            children.awaitMaster(timeout);
        } catch (IllegalStateException e) {
            throw new ClusterRun.RunFailed(e.getMessage());
        }
        // A master already served a request, so this only waits out a view change.
        return pollMaster(deadlineNs, "no server's GET /status said MASTER within " + timeout.toMillis() + " ms");
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
}
