package dev.ios.bench.core;

import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.Input;
import dev.ios.consensus.replica.Output;
import dev.ios.consensus.replica.Replica;
import dev.ios.consensus.replica.ReplicaConfig;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The protocol core alone, with no I/O: N replicas whose messages go through one in-memory queue
 * and whose persistence is durable at once. It measures the ceiling a runtime can reach (steps of
 * the core per second), not a real cluster. Single-threaded.
 */
public final class CoreCluster {

    private final Replica[] replicas;
    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    private final byte[] command = "update k 0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private long steps;
    private long applied;
    private long nextRequestId;
    private int master = -1;

    /** A cluster of {@code serverCount} replicas under strict majority and Ios's simple preset, with a master elected. */
    public CoreCluster(int serverCount, long seed) {
        ReplicaConfig config = ReplicaConfig.simple(QuorumSystems.parse("strict majority", serverCount));
        SplittableRandom random = new SplittableRandom(seed);
        replicas = new Replica[serverCount];
        for (int i = 0; i < serverCount; i++) {
            replicas[i] = new Replica(i, config, new SplittableRandom(random.nextLong()));
        }
        for (int tick = 0; tick < 1000 && master < 0; tick++) {
            for (Replica r : replicas) {
                handle(r.step(new Input.Tick()));
            }
            drain();
            for (Replica r : replicas) {
                if (r.role() == Replica.Role.MASTER) {
                    master = r.id();
                }
            }
        }
        if (master < 0) {
            throw new IllegalStateException("no master elected in 1000 ticks");
        }
    }

    /** Proposes one request at the master and runs every message until the queue is empty. */
    public void commitOne() {
        Request request = new Request(1, ++nextRequestId, master, false, command);
        handle(replicas[master].step(new Input.Proposed(request, false)));
        drain();
    }

    private void drain() {
        Envelope e;
        while ((e = queue.poll()) != null) {
            handle(replicas[e.to()].step(new Input.Received(e.from(), e.message())));
        }
    }

    private void handle(Output out) {
        steps++;
        // Persistence is instant here, so messages held for it go at once.
        queue.addAll(out.send());
        queue.addAll(out.sendAfterPersist());
        applied += out.apply().size();
    }

    /** Replica steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Entries applied so far, summed over all replicas. */
    public long applied() {
        return applied;
    }
}
