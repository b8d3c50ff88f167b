package dev.ios.bench.clusterbench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every server's heap after GC at one moment, through {@link ServerProbe}: all servers are asked at
 * once, because a jcmd reading takes about a second per server. Called from one thread at a time.
 */
final class ClusterHeaps {

    /**
     * One reading.
     *
     * @param bytes each server's heap after GC, by id; -1 where none could be read
     * @param source {@code metrics} or {@code jcmd} (of the last server read), {@code none} if no server was
     */
    record Reading(List<Long> bytes, String source) {}

    private final ServerProbe probe;
    private final RunningCluster cluster;

    ClusterHeaps(ServerProbe probe, RunningCluster cluster) {
        this.probe = probe;
        this.cluster = cluster;
    }

    /** Reads every server now; blocks until all have answered or failed. */
    Reading read() {
        int n = cluster.servers();
        List<CompletableFuture<ServerProbe.Heap>> readings = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                int id = i;
                readings.add(CompletableFuture.supplyAsync(() -> probe.heapAfterGc(cluster.restPort(id), cluster.pid(id)), pool));
            }
            List<Long> bytes = new ArrayList<>();
            String source = "none";
            for (CompletableFuture<ServerProbe.Heap> reading : readings) {
                ServerProbe.Heap heap = reading.join();
                bytes.add(heap.bytes());
                if (heap.bytes() >= 0) {
                    source = heap.source();
                }
            }
            return new Reading(List.copyOf(bytes), source);
        } finally {
            pool.shutdownNow();
        }
    }
}
