package dev.ios.bench.core;

import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.kvstore.KvStateMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What taking a snapshot costs the apply thread of the key-value store: {@code capture()} (the rest
 * of a snapshot is written on another thread), followed by the 64 updates the loop applies next,
 * which pay for whatever the capture deferred (a copy-on-write store copies the paths they touch).
 * With {@code keys} = 1,000,000 this is the pause a client sees once per snapshot.
 *
 * <p>Run: {@code java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main CaptureBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class CaptureBenchmark {

    /** Keys in the store. */
    @Param({"10000", "1000000"})
    public int keys;

    private KvStateMachine machine;
    private byte[][] updates;
    private long index;
    private long requestId;
    private StateMachine.Image last;

    /** A store of {@code keys} keys with 100-byte values, and 64 update commands over them. */
    @Setup(Level.Trial)
    public void fill() {
        machine = new KvStateMachine();
        String value = "v".repeat(100);
        for (int k = 0; k < keys; k++) {
            machine.apply(++index, 1, ++requestId, ("update key" + k + " " + value).getBytes(StandardCharsets.UTF_8));
        }
        updates = new byte[64][];
        for (int i = 0; i < updates.length; i++) {
            int key = (int) ((i * 0x9E3779B97F4A7C15L >>> 1) % keys);
            updates[i] = ("update key" + key + " " + value).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** One capture and the 64 updates after it; the image is kept so it cannot be optimised away. */
    @Benchmark
    public StateMachine.Image captureThenApply64() throws IOException {
        last = machine.capture();
        for (byte[] update : updates) {
            machine.apply(++index, 1, ++requestId, update);
        }
        return last;
    }

    /** The 64 updates alone, for comparison: what the loop pays without a capture. */
    @Benchmark
    public long apply64() {
        for (byte[] update : updates) {
            machine.apply(++index, 1, ++requestId, update);
        }
        return index;
    }
}
