package dev.ios.bench.core;

import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.kvstore.KvStateMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
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
 * What the key-value store's client session table costs the apply thread: {@code capture()} with a
 * full table followed by the 64 requests the loop applies next (which pay for whatever the capture
 * deferred), and the per-request cost of the table, a new request ({@code touch} then {@code put})
 * or a retry ({@code touch} only), with few and with many clients. Requests come from the clients
 * in a fixed random order, so with 100,000 clients each request finds a session that is cold in
 * the cache, as on a server with that many clients. The command, {@code get a} on a one-key store,
 * is about the cheapest a client can send, so the table's share shows. Uses the public API only,
 * so the same file runs against any build of the store (old against new).
 *
 * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main SessionsBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SessionsBenchmark {

    /** Clients with a session (the default bound is 100,000, so 100,000 is a full table). */
    @Param({"64", "100000"})
    public int clients;

    private static final byte[] GET = "get a".getBytes(StandardCharsets.UTF_8);

    private KvStateMachine machine;
    // The clients in the order they send: a fixed random permutation, walked round and round.
    private long[] order;
    // Per client (by its id), its last applied request id.
    private long[] requestIdLast;
    private int next;
    private long index;

    /** A one-key store and {@code clients} sessions, each client with one applied request. */
    @Setup(Level.Trial)
    public void fill() {
        machine = new KvStateMachine();
        machine.apply(++index, 0, 1, "update a 1".getBytes(StandardCharsets.UTF_8));
        order = new long[clients];
        requestIdLast = new long[clients];
        for (int c = 0; c < clients; c++) {
            order[c] = c;
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = clients - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int c = 0; c < clients; c++) {
            newRequest();
        }
    }

    private byte[] newRequest() {
        int client = (int) order[next];
        next = next + 1 == order.length ? 0 : next + 1;
        return machine.apply(++index, client, ++requestIdLast[client], GET);
    }

    private byte[] retry() {
        int client = (int) order[next];
        next = next + 1 == order.length ? 0 : next + 1;
        return machine.apply(index, client, requestIdLast[client], GET);
    }

    /** One new request from the next client: the session table's touch and put, plus a cheap get. */
    @Benchmark
    public byte[] newRequest1() {
        return newRequest();
    }

    /** One retry of the next client's last request: the table's touch and a copy of the saved response. */
    @Benchmark
    public byte[] retry1() {
        return retry();
    }

    /** One capture and the 64 new requests after it; the image is kept so it is not optimised away. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public StateMachine.Image captureThenApply64() throws IOException {
        StateMachine.Image image = machine.capture();
        for (int i = 0; i < 64; i++) {
            newRequest();
        }
        return image;
    }

    /** The 64 new requests alone, for comparison: what the loop pays without a capture. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] apply64() {
        byte[] last = null;
        for (int i = 0; i < 64; i++) {
            last = newRequest();
        }
        return last;
    }
}
