package dev.ios.bench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations of a run, kept in memory for {@code -check}: every {@code get} and {@code update}
 * the workers sent, with when it was sent and ended (monotonic nanoseconds) and how it ended, plus
 * the read-backs {@code ios bench} does before and after the run.
 *
 * <p>Threads: {@link #record} may be called by every worker at once.
 */
public final class History {

    /**
     * One operation on one key.
     *
     * @param worker the worker that sent it, or -1 for a read-back by {@code ios bench} itself
     * @param key the key
     * @param write true for {@code update key value}, false for {@code get key}
     * @param value the value written, or the value read ({@code key not found} included); for a
     *     read that did not succeed, the client's reason
     * @param invokeNs when it was sent ({@link System#nanoTime()})
     * @param completeNs when its answer came, or when the worker gave up on it
     * @param outcome how it ended
     */
    public record Operation(int worker, String key, boolean write, String value, long invokeNs, long completeNs,
                            Outcome outcome) {}

    private final List<Operation> operations = new ArrayList<>();

    /**
     * Records {@code command} ({@code get k} or {@code update k v}, all the generator sends; anything
     * else is a programmer error) with the response it got.
     */
    public void record(int worker, String command, String response, long invokeNs, long completeNs, Outcome outcome) {
        String[] words = command.split(" ", -1);
        Operation operation;
        if (words.length == 2 && words[0].equals("get")) {
            operation = new Operation(worker, words[1], false, response, invokeNs, completeNs, outcome);
        } else if (words.length == 3 && words[0].equals("update")) {
            operation = new Operation(worker, words[1], true, words[2], invokeNs, completeNs, outcome);
        } else {
            throw new IllegalArgumentException("-check understands get and update only, not: " + command);
        }
        synchronized (this) {
            operations.add(operation);
        }
    }

    /**
     * Records that {@code key} held {@code value} when the run began (a read-back before it), as a
     * write acknowledged at {@code readNs}, so values left by an earlier run are not taken for
     * invented ones. {@code key not found} records nothing.
     */
    public void recordInitial(String key, String value, long readNs) {
        if (!value.equals(dev.ios.kvstore.Responses.KEY_NOT_FOUND)) {
            synchronized (this) {
                operations.add(new Operation(-1, key, true, value, readNs, readNs, Outcome.SUCCESS));
            }
        }
    }

    /** A copy of the operations so far, in the order they were recorded. */
    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }
}
