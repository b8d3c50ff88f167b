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
 * @param loopSyncMaxBytes batches that append at most this many log bytes, when the one before was
 *     that small too, are written and synced on the replica loop instead of the storage thread
 *     (saves two thread wake-ups per write at light load; see {@code PersistPath}); 0 never
 */
public record RuntimeOptions(int tickMs, int inboxCapacity, long requestTimeoutMs, int snapshotInterval,
        int snapshotChunkBytes, int loopSyncMaxBytes) {

    /** Validates every field. */
    public RuntimeOptions {
        if (tickMs < 1 || inboxCapacity < 16 || requestTimeoutMs < 1 || snapshotInterval < 0
                || snapshotChunkBytes < 1024 || loopSyncMaxBytes < 0) {
            throw new IllegalArgumentException("invalid runtime options " + this);
        }
    }

    /**
     * 10 ms ticks, 65,536 queued inputs, 10 s request timeout, no snapshots, 256 KiB pieces, batches up
     * to 512 bytes synced on the loop at light load (the config's defaults).
     */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(10, 1 << 16, 10_000, 0, 256 << 10, 512);
    }

    /** A copy with another snapshot interval. */
    public RuntimeOptions withSnapshotInterval(int entries) {
        return new RuntimeOptions(tickMs, inboxCapacity, requestTimeoutMs, entries, snapshotChunkBytes, loopSyncMaxBytes);
    }

    /** A copy with another {@code loopSyncMaxBytes} (0: never sync on the loop). */
    public RuntimeOptions withLoopSyncMaxBytes(int bytes) {
        return new RuntimeOptions(tickMs, inboxCapacity, requestTimeoutMs, snapshotInterval, snapshotChunkBytes, bytes);
    }

    /** A copy with another tick length. */
    public RuntimeOptions withTickMs(int ms) {
        return new RuntimeOptions(ms, inboxCapacity, requestTimeoutMs, snapshotInterval, snapshotChunkBytes, loopSyncMaxBytes);
    }
}
