package dev.ios.bench.storage;

import dev.ios.bench.clusterbench.LatencyStats;
import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.storage.FileSnapshotStore;
import dev.ios.storage.PersistenceMode;
import dev.ios.storage.disk.RealDisk;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * How much a snapshot being written delays the log's syncs on the same disk, with the snapshot
 * synced only at its commit against synced every few MiB as it is written. A log thread appends
 * one 128 B record and syncs it, over and over, through the real segmented log store, while the
 * main thread writes a snapshot of {@code stateMiB} through the real {@link FileSnapshotStore};
 * the two ways alternate, round by round, so both see the same background load. Per snapshot it
 * prints how long the snapshot took and the latency of the log syncs made meanwhile.
 *
 * <p>Run from the repository root (Chronicle's JVM flags as in the launcher):
 * {@code java <flags> -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * dev.ios.bench.storage.SnapshotSyncInterference [stateMiB] [rounds] [syncEveryMiB]}; files go under
 * {@code -Dios.bench.dir} (default {@code bench/target/jmh-storage}) and are deleted after.
 */
public final class SnapshotSyncInterference {

    private static final int RECORD_BYTES = 128;
    private static final int WRITE_BYTES = 64 << 10;

    private SnapshotSyncInterference() {}

    /** Runs the rounds and prints a Markdown table to stdout. */
    public static void main(String[] args) throws Exception {
        int stateMiB = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long syncEvery = (args.length > 2 ? Long.parseLong(args[2]) : 4) << 20;
        Path root = Path.of(System.getProperty("ios.bench.dir",
                Files.isDirectory(Path.of("bench")) ? "bench/target/jmh-storage" : "target/jmh-storage"));
        Files.createDirectories(root);
        System.out.printf(Locale.ROOT, "# snapshot of %d MiB, log syncs of one %d B record meanwhile; under %s (%s)%n",
                stateMiB, RECORD_BYTES, root.toAbsolutePath(), Files.getFileStore(root).type());
        System.out.println("| round | snapshot synced | snapshot ms | log syncs | log sync p50 µs | p99 µs | max µs |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (int round = 1; round <= rounds; round++) {
            for (long every : new long[] {Long.MAX_VALUE, syncEvery}) {
                String how = every == Long.MAX_VALUE ? "at the commit" : "every " + (every >> 20) + " MiB";
                Path dir = Files.createTempDirectory(root, "interference-");
                try {
                    run(dir, stateMiB, every, round, how);
                } finally {
                    LogSyncBenchmark.deleteTree(dir);
                }
            }
        }
    }

    private static void run(Path dir, int stateMiB, long syncEvery, int round, String how) throws Exception {
        FileSnapshotStore snapshots = FileSnapshotStore.open(RealDisk.INSTANCE, dir.resolve("snapshots"),
                PersistenceMode.FSYNC, syncEvery);
        Histogram syncs = LatencyStats.newHistogram();
        AtomicBoolean writing = new AtomicBoolean(true);
        byte[] record = new byte[RECORD_BYTES];
        Throwable[] logFailure = new Throwable[1];
        Thread log = new Thread(() -> {
            try (GroupWriter writer = LogSyncBenchmark.openWriter("segmented", dir.resolve("log"), 1024)) {
                while (writing.get()) {
                    long start = System.nanoTime();
                    writer.writeGroup(1, record);
                    syncs.recordValue(Math.max(1, System.nanoTime() - start));
                }
            } catch (Throwable t) {
                logFailure[0] = t;
            }
        }, "log");
        byte[] chunk = new byte[WRITE_BYTES];
        new SplittableRandom(round).nextBytes(chunk);
        log.start();
        long start = System.nanoTime();
        try (SnapshotStore.Writer writer = snapshots.begin(new SnapshotStore.Meta(round, 1))) {
            OutputStream out = writer.stream();
            for (long written = 0; written < (long) stateMiB << 20; written += chunk.length) {
                out.write(chunk);
            }
            writer.commit();
        } finally {
            writing.set(false);
            log.join();
        }
        long snapshotMs = (System.nanoTime() - start) / 1_000_000;
        if (logFailure[0] != null) {
            throw new IllegalStateException("the log thread failed", logFailure[0]);
        }
        LatencyStats stats = LatencyStats.ofNanos(syncs);
        System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.0f | %.0f | %.0f |%n", round, how, snapshotMs, stats.count(),
                stats.p50Us(), stats.p99Us(), stats.maxUs());
    }
}
