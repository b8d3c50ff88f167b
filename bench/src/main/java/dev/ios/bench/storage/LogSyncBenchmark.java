package dev.ios.bench.storage;

import dev.ios.storage.LogBackend;
import dev.ios.storage.PersistenceMode;
import dev.ios.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable log writes (issue 4): one operation is one group of {@code recordsPerSync} records
 * appended and made durable with one sync, for the segmented log in mode {@code fsync} (the
 * default), the Chronicle Queue log, and a plain {@code FileChannel.write} + {@code force(false)}
 * baseline ({@link PlainFileWriter}) in the same run.
 *
 * <p>Two benchmarks over the same operation: {@link #groupsPerSecond} (records per second = score
 * × {@code recordsPerSync}) and {@link #syncLatency}, the distribution of the time one group takes
 * to become durable (appends included), in microseconds.
 *
 * <p>Files go to {@code -Dios.bench.dir} (default {@code bench/target/jmh-storage} under the
 * working directory), one fresh directory per trial, deleted afterwards. It must be on a real disk:
 * on tmpfs {@code force} is free and the numbers mean nothing; the file system type is printed at
 * the start of each trial.
 *
 * <p>Run from the repository root: {@code java -cp "bench/target/classes:$(cat
 * bench/target/classpath.txt)" org.openjdk.jmh.Main LogSyncBenchmark}; for a quick look add
 * {@code -f 1 -wi 1 -w 1 -i 2 -r 1 -bm thrpt}.
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {
        // Chronicle Queue opens read-only without these, and the store refuses to start.
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Xmx2g"})
@State(Scope.Thread)
public class LogSyncBenchmark {

    /** Records the log stores keep before discarding older ones (bounds memory like a snapshot would). */
    static final long RECORDS_KEPT = 16_384;
    /** The baseline's file size before it starts a new file: the segmented log's default segment size. */
    static final long PLAIN_FILE_BYTES_MAX = 64L << 20;

    /** What writes the records: {@code segmented} (fsync), {@code chronicle} (fsync) or {@code plain}. */
    @Param({"plain", "segmented", "chronicle"})
    public String target;

    /** Records appended before each sync. */
    @Param({"1", "16", "256"})
    public int recordsPerSync;

    /** Payload bytes per record. */
    @Param({"100", "1024"})
    public int recordBytes;

    private Path dir;
    private GroupWriter writer;
    private byte[] payload;

    /** A fresh directory and writer per trial. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path root = Path.of(System.getProperty("ios.bench.dir", defaultRoot()));
        Files.createDirectories(root);
        dir = Files.createTempDirectory(root, target + "-");
        System.err.printf("# storage dir %s on %s (%s)%n", dir.toAbsolutePath(), Files.getFileStore(dir).name(),
                Files.getFileStore(dir).type());
        payload = new byte[recordBytes];
        // Random bytes, so nothing on the way can profit from compressible data.
        new SplittableRandom(42).nextBytes(payload);
        writer = openWriter(target, dir, RECORDS_KEPT);
    }

    /** The writer for {@code target} in {@code dir}; log stores keep {@code recordsKept} records before discarding. */
    static GroupWriter openWriter(String target, Path dir, long recordsKept) throws IOException {
        switch (target) {
            case "plain":
                return new PlainFileWriter(dir, PLAIN_FILE_BYTES_MAX);
            case "segmented":
                return new LogStoreWriter(dir, StorageOptions.defaults().withMode(PersistenceMode.FSYNC), recordsKept);
            case "chronicle":
                return new LogStoreWriter(dir, StorageOptions.defaults().withBackend(LogBackend.CHRONICLE)
                        .withMode(PersistenceMode.FSYNC), recordsKept);
            default:
                throw new IllegalArgumentException("unknown target " + target + " (plain, segmented or chronicle)");
        }
    }

    private static String defaultRoot() {
        return Files.isDirectory(Path.of("bench")) ? "bench/target/jmh-storage" : "target/jmh-storage";
    }

    /** Closes the writer and deletes its files, so a long run does not fill the disk. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        writer.close();
        deleteTree(dir);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Throughput: groups (of {@code recordsPerSync} appends and one sync) per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void groupsPerSecond() throws Exception {
        writer.writeGroup(recordsPerSync, payload);
    }

    /** Latency: the time from the first append of a group until its sync returns, sampled. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void syncLatency() throws Exception {
        writer.writeGroup(recordsPerSync, payload);
    }
}
