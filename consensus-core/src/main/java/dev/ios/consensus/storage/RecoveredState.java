package dev.ios.consensus.storage;

import java.util.List;

/**
 * What recovery hands the core after a restart: the durable view, the newest valid snapshot's
 * position (the runtime has already restored the state machine from it) and the log records
 * above it, in index order.
 *
 * @param view the view file's value, {@code 0} if there was none
 * @param snapshotIndex the last index the snapshot covers, {@code 0} if none
 * @param snapshotView the view the entry at {@code snapshotIndex} was chosen in, {@code 0} if none
 * @param records log records with index above {@code snapshotIndex}, ascending, one per index
 */
public record RecoveredState(long view, long snapshotIndex, long snapshotView, List<LogRecord> records) {

    /** A server's first start: nothing on disk. */
    public static final RecoveredState EMPTY = new RecoveredState(0, 0, 0, List.of());

    /** Copies the list. */
    public RecoveredState {
        records = List.copyOf(records);
    }
}
