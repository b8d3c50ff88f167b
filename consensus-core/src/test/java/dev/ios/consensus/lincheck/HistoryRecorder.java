package dev.ios.consensus.lincheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects a history as clients run: {@link #invoke} when a request is first sent, {@link
 * #complete} when its final answer arrives, {@link #giveUp} when the client stops waiting (timeout,
 * crash, indeterminate answer). A request retried with the same request id is one operation, from
 * its first send to its final answer. Operations still open when {@link #history} is called count
 * as unknown.
 *
 * <p>Thread-safe, so tests that drive real processes from several client threads can share one.
 */
public final class HistoryRecorder<I, O> {

    private static final class Entry<I, O> {
        final int clientId;
        final long callTime;
        final I input;
        Operation<I, O> closed; // null while open

        Entry(int clientId, long callTime, I input) {
            this.clientId = clientId;
            this.callTime = callTime;
            this.input = input;
        }
    }

    private final List<Entry<I, O>> entries = new ArrayList<>();

    /** Records a call; returns the handle to pass to {@link #complete} or {@link #giveUp}. */
    public synchronized int invoke(int clientId, long callTime, I input) {
        entries.add(new Entry<>(clientId, callTime, input));
        return entries.size() - 1;
    }

    /**
     * Records the answer to call {@code handle}.
     *
     * @throws IllegalStateException if the call was already closed
     * @throws IllegalArgumentException if {@code output} is null or {@code returnTime} precedes the call
     */
    public synchronized void complete(int handle, long returnTime, O output) {
        Entry<I, O> entry = open(handle);
        if (output == null) {
            throw new IllegalArgumentException("a completed call needs an output; use giveUp for unknown outcomes");
        }
        entry.closed = new Operation<>(entry.clientId, entry.callTime, returnTime, entry.input, output);
    }

    /**
     * Records that call {@code handle} will never be answered: it may or may not take effect.
     *
     * @throws IllegalStateException if the call was already closed
     */
    public synchronized void giveUp(int handle) {
        Entry<I, O> entry = open(handle);
        entry.closed = Operation.unknown(entry.clientId, entry.callTime, entry.input);
    }

    /** Every call so far, in invocation order; calls still open are unknown. */
    public synchronized List<Operation<I, O>> history() {
        List<Operation<I, O>> history = new ArrayList<>(entries.size());
        for (Entry<I, O> entry : entries) {
            history.add(entry.closed != null ? entry.closed
                    : Operation.unknown(entry.clientId, entry.callTime, entry.input));
        }
        return history;
    }

    private Entry<I, O> open(int handle) {
        if (handle < 0 || handle >= entries.size()) {
            throw new IllegalArgumentException("no call with handle " + handle);
        }
        Entry<I, O> entry = entries.get(handle);
        if (entry.closed != null) {
            throw new IllegalStateException("call " + handle + " was already closed as " + entry.closed.describe());
        }
        return entry;
    }
}
