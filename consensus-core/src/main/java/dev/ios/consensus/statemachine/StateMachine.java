package dev.ios.consensus.statemachine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The application a cluster replicates (the key-value store is one). Plug your own in through the
 * embedding API.
 *
 * <p>Threads: one thread (the runtime's apply thread) calls every method, never concurrently.
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

    /** Replaces the whole state with one written by {@link #snapshot}. */
    void restore(InputStream in) throws IOException;
}
