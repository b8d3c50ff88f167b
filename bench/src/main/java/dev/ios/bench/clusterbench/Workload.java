package dev.ios.bench.clusterbench;

import java.util.SplittableRandom;

/**
 * What the benchmark's clients send: the next operation for a client, or null when there is none
 * left. Called on the load loop's thread only.
 */
interface Workload {

    /** Padding for values; a longer value size pads from a repeat made on the spot. */
    String PADDING = "x".repeat(4096);

    /**
     * One key-value operation.
     *
     * @param key the key
     * @param write {@code update key value} if true, {@code get key} if false
     * @param value the value written (unused for a read)
     */
    record Op(String key, boolean write, String value) {

        /** The key-value store command. */
        String command() {
            return write ? "update " + key + " " + value : "get " + key;
        }
    }

    /** The next operation of client {@code client}, whose next request id is {@code requestId}; null if done. */
    Op next(int client, long requestId);

    /**
     * A value for client {@code client}'s request {@code requestId}, unique per (client, request) so
     * a linearizability check can tell writes apart, padded with {@code x} to {@code valueSize}
     * characters (longer when the unique part alone is longer).
     */
    static String value(int client, long requestId, int valueSize) {
        String unique = "c" + client + "r" + requestId;
        // One copy of the padding, not a character at a time: the load loop builds every request's
        // value, and the loop showed in the bench JVM's profile.
        int pad = valueSize - unique.length();
        if (pad <= 0) {
            return unique;
        }
        return unique + (pad <= PADDING.length() ? PADDING.substring(0, pad) : "x".repeat(pad));
    }

    /**
     * Uniformly random keys {@code k0 .. k<keys-1>}, a read with probability {@code readPercent} %,
     * every client drawing from its own generator split from {@code seed}, so a run replays.
     */
    static Workload random(int clients, int keys, int valueSize, int readPercent, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] perClient = new SplittableRandom[clients];
        for (int i = 0; i < clients; i++) {
            perClient[i] = root.split();
        }
        return (client, requestId) -> {
            SplittableRandom random = perClient[client];
            String key = "k" + random.nextInt(keys);
            boolean read = random.nextInt(100) < readPercent;
            return new Op(key, !read, read ? null : value(client, requestId, valueSize));
        };
    }

    /** Writes to keys {@code k0 .. k<keys-1>}, each once, shared out to whichever client asks next. */
    static Workload fill(int keys, int valueSize) {
        int[] nextKey = {0};
        return (client, requestId) -> {
            if (nextKey[0] >= keys) {
                return null;
            }
            return new Op("k" + nextKey[0]++, true, value(client, requestId, valueSize));
        };
    }

    /** Reads keys {@code k0 .. k<keys-1>}, each once: the read-back after a checked run. */
    static Workload readEach(int keys) {
        int[] nextKey = {0};
        return (client, requestId) -> nextKey[0] >= keys ? null : new Op("k" + nextKey[0]++, false, null);
    }
}
