package dev.ios.consensus.statemachine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The application a cluster replicates (the key-value store is one). Plug your own in through the
 * embedding API.
 *
 * <p>Threads: one thread (the runtime's apply thread) calls every method, never concurrently;
 * only an {@link Image} returned by {@link #capture} is written on another thread.
 * Determinism: {@link #apply} must depend only on the state and the command — no clock, no
 * randomness, no I/O whose result can differ between servers — or replicas diverge.
 * Exactly-once is the state machine's job: the runtime passes the client and request ids, and a
 * state machine that keeps per-client sessions (as the key-value store does) returns the saved
 * response for a retried request instead of applying it twice.
 */
public interface StateMachine {

    /**
     * Applies one client command, chosen in the entry at {@code index}, and returns the response
     * for the client. A log entry is a batch: the runtime calls this once per request of the entry,
     * in order, all with the entry's index, and never for a noop entry. So indices never decrease
     * but may repeat or skip. After {@link #restore}, calls resume above the snapshot's index,
     * which the runtime (not the state machine) keeps. Must not throw on any command: a malformed
     * command gets an error response, because every replica applies the same bytes.
     */
    byte[] apply(long index, long clientId, long requestId, byte[] command);

    /**
     * Answers a read-only command from the current state without changing it (participant reads).
     * Must not throw; a command that would change state gets an error response.
     */
    byte[] read(byte[] command);

    /** Writes the whole state (including client sessions) to {@code out}, deterministically. */
    void snapshot(OutputStream out) throws IOException;

    /**
     * The state as it is now, frozen, for a snapshot that another thread writes while this machine
     * goes on applying. The runtime calls this on the apply thread and then calls
     * {@link Image#writeTo} once on its snapshot thread, so the image must not share anything that
     * later {@link #apply} or {@link #restore} calls change. What the image writes must be exactly
     * what {@link #snapshot} would have written at the time of the capture.
     *
     * <p>The default serializes the whole state into memory now: correct for any machine, but the
     * apply thread then pays for the serialization (only the disk write and its sync move off it)
     * and the state must fit in a byte array. A machine with a large state should override it with
     * a cheaper copy (the key-value store freezes its copy-on-write tree of pairs in O(1)).
     *
     * @throws IOException if serializing the state fails
     */
    default Image capture() throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        snapshot(copy);
        byte[] bytes = copy.toByteArray();
        return out -> out.write(bytes);
    }

    /** A frozen copy of a state machine's state; see {@link #capture}. */
    @FunctionalInterface
    interface Image {
        /** Writes the snapshot bytes of the captured state to {@code out}, flushing but not closing it. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces the whole state with one written by {@link #snapshot}. */
    void restore(InputStream in) throws IOException;
}
