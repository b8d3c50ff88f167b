package dev.ios.bench.workload;

import dev.ios.config.WorkloadConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Ios's workload generator ({@code test/generator} in Ios), deterministic from a seed: a fixed set
 * of {@code keys} random alphanumeric keys of {@code keySize} characters, and per client a stream of
 * requests — a {@code get} with probability {@code reads}%, otherwise an {@code update} with a fresh
 * random value of {@code valueSize} characters — each after a random pause in {@code [0, interval)}
 * milliseconds, {@code requests} of them.
 *
 * <p>Unlike Ios, the keys are distinct (Ios could draw the same key twice, so "10 keys" were
 * sometimes 9): {@code keys} larger than the number of possible keys of that size is refused.
 *
 * <p>Determinism: the keys depend on the seed only; client {@code i}'s requests depend on the seed
 * and {@code i} only, so a run with several clients repeats each client's sequence exactly (the
 * interleaving between clients is up to the cluster).
 */
public final class WorkloadGenerator {

    /** The characters of keys and values: Ios's {@code letterBytes}. */
    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final WorkloadConfig config;
    private final long seed;
    private final List<String> keys;

    private WorkloadGenerator(WorkloadConfig config, long seed, List<String> keys) {
        this.config = config;
        this.seed = seed;
        this.keys = keys;
    }

    /**
     * The generator for {@code config} and {@code seed}. Throws {@link IllegalArgumentException} if
     * {@code keys} distinct keys of {@code keySize} characters cannot exist.
     */
    public static WorkloadGenerator create(WorkloadConfig config, long seed) {
        double possibleKeys = Math.pow(ALPHABET.length(), config.keySize());
        if (config.keys() > possibleKeys) {
            throw new IllegalArgumentException("keys = " + config.keys() + " distinct keys of keySize = "
                    + config.keySize() + " character(s) cannot exist (at most " + (long) possibleKeys + ")");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < config.keys()) {
            keys.add(randomText(random, config.keySize()));
        }
        return new WorkloadGenerator(config, seed, Collections.unmodifiableList(new ArrayList<>(keys)));
    }

    /** The workload this generator follows. */
    public WorkloadConfig config() {
        return config;
    }

    /** The keys every client draws from, in the order they were generated. */
    public List<String> keys() {
        return keys;
    }

    /** The request stream of client {@code clientIndex} (0, 1, ...): {@code requests} requests. */
    public ClientStream forClient(int clientIndex) {
        // Each client's stream is seeded from (seed, index) alone, never from a shared generator,
        // so the order in which threads ask cannot change what a client sends.
        long clientSeed = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (clientIndex + 1L))).nextLong();
        return new ClientStream(new SplittableRandom(clientSeed));
    }

    static String randomText(SplittableRandom random, int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(text);
    }

    /** One client's requests. Not thread-safe: one worker owns it. */
    public final class ClientStream {

        private final SplittableRandom random;
        private int remaining = config.requests();

        private ClientStream(SplittableRandom random) {
            this.random = random;
        }

        /** Whether {@link #next} has a request left. */
        public boolean hasNext() {
            return remaining > 0;
        }

        /** The next request; throws {@link IllegalStateException} after the last one. */
        public WorkloadRequest next() {
            if (remaining <= 0) {
                throw new IllegalStateException("all " + config.requests() + " requests were generated");
            }
            remaining--;
            // The draws come in Ios's order: delay, key, read-or-write, value.
            int delayMs = config.intervalMs() > 0 ? random.nextInt(config.intervalMs()) : 0;
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(100) < config.readsPercent()) {
                return new WorkloadRequest("get " + key, true, delayMs);
            }
            return new WorkloadRequest("update " + key + " " + randomText(random, config.valueSize()), false, delayMs);
        }
    }
}
