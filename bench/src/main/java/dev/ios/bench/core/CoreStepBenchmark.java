package dev.ios.bench.core;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's ceiling: requests committed per second by a 3-server cluster with no I/O (one
 * request per entry, every message delivered at once), and replica steps per second beside it.
 *
 * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main CoreStepBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CoreStepBenchmark {

    private CoreCluster cluster;

    /** A fresh elected cluster per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        cluster = new CoreCluster(3, 42);
    }

    /** Steps taken, reported by JMH as a rate beside the main score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Steps {
        /** Replica steps during the iteration. */
        public long steps;
    }

    /** One request proposed, replicated to a majority, committed and applied everywhere. */
    @Benchmark
    public void commitOneRequest(Steps counter) {
        long before = cluster.steps();
        cluster.commitOne();
        counter.steps += cluster.steps() - before;
    }
}
