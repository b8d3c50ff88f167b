package dev.ios.consensus.sim;

import dev.ios.consensus.replica.PersistOp;
import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.RecoveredState;
import dev.ios.consensus.storage.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A simulated disk for one server: ops written are held in a volatile buffer until {@link #sync};
 * a {@link #crash} loses the buffer (or, with torn writes, all but a random prefix of it, which is
 * what a real file system may keep). Snapshots are written durably and atomically at once, as the
 * snapshot store promises.
 */
final class SimDisk {
    private long view;
    private final TreeMap<Long, LogRecord> log = new TreeMap<>();
    private long discardedBefore = 1;
    private SnapshotStore.Meta snapshotMeta;
    private byte[] snapshotBytes;
    private final List<PersistOp> unsynced = new ArrayList<>();

    /** Buffers {@code op}; it survives a crash only after the next {@link #sync}. */
    void write(PersistOp op) {
        unsynced.add(op);
    }

    boolean hasUnsynced() {
        return !unsynced.isEmpty();
    }

    /** Makes every written op durable. */
    void sync() {
        for (PersistOp op : unsynced) {
            applyDurably(op);
        }
        unsynced.clear();
    }

    /** Loses unsynced ops; with {@code tornWrites}, a random prefix of them survives. */
    void crash(RandomGenerator random, boolean tornWrites) {
        int keep = tornWrites && !unsynced.isEmpty() ? random.nextInt(unsynced.size() + 1) : 0;
        for (int i = 0; i < keep; i++) {
            applyDurably(unsynced.get(i));
        }
        unsynced.clear();
    }

    private void applyDurably(PersistOp op) {
        if (op instanceof PersistOp.SaveView v) {
            view = v.view();
        } else if (op instanceof PersistOp.Append a) {
            if (a.record().index() >= discardedBefore) {
                log.put(a.record().index(), a.record());
            }
        } else if (op instanceof PersistOp.DiscardBefore d) {
            discardedBefore = Math.max(discardedBefore, d.beforeIndex());
            log.headMap(discardedBefore, false).clear();
        } else {
            throw new IllegalArgumentException("unknown op " + op);
        }
    }

    /** Durably replaces the snapshot (the store writes atomically before telling the core). */
    void saveSnapshot(SnapshotStore.Meta meta, byte[] bytes) {
        if (snapshotMeta == null || meta.index() > snapshotMeta.index()) {
            snapshotMeta = meta;
            snapshotBytes = bytes.clone();
        }
    }

    SnapshotStore.Meta snapshotMeta() {
        return snapshotMeta;
    }

    byte[] snapshotBytes() {
        return snapshotBytes == null ? null : snapshotBytes.clone();
    }

    /** What recovery reads after a restart. */
    RecoveredState recover() {
        long snapshotIndex = snapshotMeta == null ? 0 : snapshotMeta.index();
        long snapshotView = snapshotMeta == null ? 0 : snapshotMeta.view();
        List<LogRecord> records = new ArrayList<>(log.tailMap(snapshotIndex, false).values());
        return new RecoveredState(view, snapshotIndex, snapshotView, records);
    }
}
