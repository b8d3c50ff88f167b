package dev.ios.consensus.lincheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random histories that are linearizable by construction: clients run commands against one
 * real in-memory map, each command taking effect at one instant (its linearization point)
 * strictly inside the interval its client records. Some clients give up before the answer: their
 * operation becomes unknown, and may take effect later, even after the client moved on, or never.
 *
 * <p>The map here is written independently of {@link KvModel}, so a bug in the model's answers
 * shows up as a failure rather than agreeing with itself.
 */
final class RandomKvHistory {

    /** A value no generated command ever writes. */
    static final String NEVER_WRITTEN = "never-written";

    private final SplittableRandom random;
    private final int keyCount;
    private final boolean withCount;
    private final Map<String, String> store = new HashMap<>();
    private final List<Operation<String, String>> history = new ArrayList<>();

    private RandomKvHistory(SplittableRandom random, int keyCount, boolean withCount) {
        this.random = random;
        this.keyCount = keyCount;
        this.withCount = withCount;
    }

    /** A client's operation in flight. */
    private static final class Pending {
        final String input;
        final long callTime;
        String output; // set at the linearization point

        Pending(String input, long callTime) {
            this.input = input;
            this.callTime = callTime;
        }
    }

    /**
     * Generates a history of {@code operations} commands by {@code clients} clients over {@code
     * keys} keys; each answer is lost with probability {@code unknownRate}. With {@code
     * withCount}, some commands are {@code count} (so the history is checked whole).
     */
    static List<Operation<String, String>> generate(SplittableRandom random, int clients, int operations,
            int keys, double unknownRate, boolean withCount) {
        return new RandomKvHistory(random, keys, withCount).run(clients, operations, unknownRate);
    }

    private List<Operation<String, String>> run(int clients, int operations, double unknownRate) {
        Pending[] pending = new Pending[clients];
        List<String> abandoned = new ArrayList<>(); // unknown commands that have not taken effect yet
        int issued = 0;
        long time = 0;
        while (issued < operations || busy(pending) || !abandoned.isEmpty()) {
            time++;
            int choice = random.nextInt(clients + 1);
            if (choice == clients) {
                if (!abandoned.isEmpty()) {
                    String input = abandoned.remove(random.nextInt(abandoned.size()));
                    if (random.nextInt(3) > 0) {
                        execute(input); // took effect long after its client gave up
                    }
                }
                continue;
            }
            Pending op = pending[choice];
            if (op == null) {
                if (issued < operations) {
                    pending[choice] = new Pending(randomCommand(), time);
                    issued++;
                }
            } else if (op.output == null) {
                if (random.nextDouble() < unknownRate / 2) {
                    // Gave up before the command took effect; it may still take effect later.
                    history.add(Operation.unknown(choice, op.callTime, op.input));
                    abandoned.add(op.input);
                    pending[choice] = null;
                } else {
                    op.output = execute(op.input);
                }
            } else {
                history.add(random.nextDouble() < unknownRate / 2
                        ? Operation.unknown(choice, op.callTime, op.input)
                        : new Operation<>(choice, op.callTime, time, op.input, op.output));
                pending[choice] = null;
            }
        }
        // End with a known read, so every history has one to corrupt.
        String key = randomKey();
        history.add(new Operation<>(0, time + 1, time + 2, "get " + key, read(key)));
        return history;
    }

    private static boolean busy(Pending[] pending) {
        for (Pending op : pending) {
            if (op != null) {
                return true;
            }
        }
        return false;
    }

    private String randomCommand() {
        int kind = random.nextInt(withCount ? 20 : 19);
        String key = randomKey();
        if (kind < 8) {
            return "update " + key + " v" + random.nextInt(5);
        } else if (kind < 14) {
            return "get " + key;
        } else if (kind < 16) {
            return "delete " + key;
        } else if (kind < 19) {
            return "exists " + key;
        }
        return "count";
    }

    private String randomKey() {
        return "K" + random.nextInt(keyCount);
    }

    /** The real map's answer, Ios's strings. */
    private String execute(String input) {
        String[] words = input.split(" ");
        switch (words[0]) {
            case "update":
                store.put(words[1], words[2]);
                return "OK";
            case "get":
                return read(words[1]);
            case "delete":
                store.remove(words[1]);
                return "OK";
            case "exists":
                return store.containsKey(words[1]) ? "true" : "false";
            case "count":
                return String.valueOf(store.size());
            default:
                throw new IllegalStateException(input);
        }
    }

    private String read(String key) {
        String value = store.get(key);
        return value == null ? "key not found" : value;
    }
}
