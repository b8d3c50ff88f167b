package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The obviously correct log the conformance suite compares stores against: a sorted map and a
 * discard point, written from the {@code LogStore} Javadoc alone.
 */
final class LogModel {
    final TreeMap<Long, LogRecord> records = new TreeMap<>();
    long discardedBefore = 1;

    LogModel copy() {
        LogModel copy = new LogModel();
        copy.records.putAll(records);
        copy.discardedBefore = discardedBefore;
        return copy;
    }

    long lastIndex() {
        return records.isEmpty() ? discardedBefore - 1 : records.lastKey();
    }

    /** One operation on a log, applied the same way to a store and to the model. */
    sealed interface Op permits Append, TruncateFrom, DiscardBefore, Sync {}

    record Append(LogRecord record) implements Op {
        @Override
        public String toString() {
            return "append(" + record.index() + ",v" + record.view() + "," + record.payload().length + "B)";
        }
    }

    record TruncateFrom(long fromIndex) implements Op {}

    record DiscardBefore(long beforeIndex) implements Op {}

    record Sync() implements Op {}

    void apply(Op op) {
        if (op instanceof Append a) {
            records.put(a.record().index(), a.record());
        } else if (op instanceof TruncateFrom t) {
            records.keySet().removeIf(i -> i >= t.fromIndex());
        } else if (op instanceof DiscardBefore d) {
            discardedBefore = Math.max(discardedBefore, d.beforeIndex());
            records.keySet().removeIf(i -> i < discardedBefore);
        }
    }

    static void apply(Op op, dev.ios.consensus.storage.LogStore store) {
        if (op instanceof Append a) {
            store.append(a.record());
        } else if (op instanceof TruncateFrom t) {
            store.truncateFrom(t.fromIndex());
        } else if (op instanceof DiscardBefore d) {
            store.discardBefore(d.beforeIndex());
        } else if (op instanceof Sync) {
            store.sync();
        }
    }

    /** Null if {@code store} holds exactly this model's state, else the first difference. */
    String differenceFrom(dev.ios.consensus.storage.LogStore store) {
        if (store.discardedBefore() != discardedBefore) {
            return "discardedBefore " + store.discardedBefore() + ", expected " + discardedBefore;
        }
        if (store.lastIndex() != lastIndex()) {
            return "lastIndex " + store.lastIndex() + ", expected " + lastIndex();
        }
        List<LogRecord> expected = new ArrayList<>(records.values());
        List<LogRecord> actual = store.records();
        if (!actual.equals(expected)) {
            return "records " + actual + ", expected " + expected;
        }
        // Every index from just below the discard point to just past the end: held ones, and the
        // gaps that out-of-order appends and truncations leave, which must read as null.
        for (long index = Math.max(1, discardedBefore - 1); index <= lastIndex() + 1; index++) {
            LogRecord expectedRecord = records.get(index);
            LogRecord actualRecord = store.get(index);
            if (!Objects.equals(expectedRecord, actualRecord)) {
                return "get(" + index + ") " + actualRecord + ", expected " + expectedRecord;
            }
        }
        return null;
    }
}
