package dev.ios.server.runtime;

/**
 * How the runtime around a replica behaves (as opposed to the protocol's {@code ReplicaConfig}).
 *
 * @param tickMs wall-clock milliseconds per replica tick (all protocol timers count ticks)
 * @param inboxCapacity inputs queued on the replica loop from other threads before peers' messages are dropped and
 *     clients are refused ({@code REJECTED: overloaded}) — back-pressure, never a crash
 * @param requestTimeoutMs a client request this server started but never saw finish is answered
 *     {@code INDETERMINATE} after this long, so nothing waits forever
 * @param snapshotInterval applied entries between snapshots, {@code 0} for none (Ios's
 *     {@code snapshotInterval})
 * @param snapshotChunkBytes size of the pieces a snapshot is streamed to a lagging peer in
 * @param logLength the most applied entries the log holds before the runtime takes a snapshot (so
 *     that it can discard them), whatever {@code snapshotInterval} says; {@code 0} for no bound
 *     (Ios's {@code length})
 * @param syncOnLoop write and sync on the replica loop rather than hand the write to the storage
 *     thread when that delays nothing else: on a follower without delegation always, on any server
 *     when nothing else is in flight (saves two thread wake-ups per batch; see {@code PersistPath}
 *     and {@code ReplicaRuntime}); false: always the storage thread
 */
public record RuntimeOptions(int tickMs, int inboxCapacity, long requestTimeoutMs, int snapshotInterval,
        int snapshotChunkBytes, int logLength, boolean syncOnLoop) {

    /** Validates every field. */
    public RuntimeOptions {
        if (tickMs < 1 || inboxCapacity < 16 || requestTimeoutMs < 1 || snapshotInterval < 0
                || snapshotChunkBytes < 1024 || logLength < 0) {
            throw new IllegalArgumentException("invalid runtime options " + this);
        }
    }

    /**
     * 10 ms ticks, 65,536 queued inputs, 10 s request timeout, no snapshots, 256 KiB pieces, no log
     * bound, sync on the loop when nothing else is in flight.
     */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(10, 1 << 16, 10_000, 0, 256 << 10, 0, true);
    }

    /** A copy with another log bound ({@code 0}: none). */
    public RuntimeOptions withLogLength(int entries) {
        return new RuntimeOptions(tickMs, inboxCapacity, requestTimeoutMs, snapshotInterval, snapshotChunkBytes, entries,
                syncOnLoop);
    }

    /** A copy that syncs on the loop where that delays nothing else, or never. */
    public RuntimeOptions withSyncOnLoop(boolean on) {
        return new RuntimeOptions(tickMs, inboxCapacity, requestTimeoutMs, snapshotInterval, snapshotChunkBytes, logLength, on);
    }

    /** A copy with another snapshot interval. */
    public RuntimeOptions withSnapshotInterval(int entries) {
        return new RuntimeOptions(tickMs, inboxCapacity, requestTimeoutMs, entries, snapshotChunkBytes, logLength, syncOnLoop);
    }

    /** A copy with another tick length. */
    public RuntimeOptions withTickMs(int ms) {
        return new RuntimeOptions(ms, inboxCapacity, requestTimeoutMs, snapshotInterval, snapshotChunkBytes, logLength, syncOnLoop);
    }
}
