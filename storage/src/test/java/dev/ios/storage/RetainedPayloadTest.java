package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.storage.disk.RealDisk;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neither live log store keeps the payloads it is given (the replica holds the entries already;
 * storage/README.md, "Memory"): after 16 MiB of appends — synced and not, overwritten in a higher
 * view, a suffix truncated and rewritten — what the store's objects reach holds no
 * {@code LogRecord} and less than one payload's worth of bytes, while {@code get} and
 * {@code records()} still return every latest record. The count is exact and structural, a walk of
 * the store's object graph (see {@link Reachable}), not a measurement of the heap.
 */
class RetainedPayloadTest {

    static final int RECORDS = 256;
    static final int PAYLOAD_BYTES = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void segmentedKeepsNoPayloadInMemory() {
        try (SegmentedLogStore store = SegmentedLogStore.open(RealDisk.INSTANCE, dir.resolve("log"), PersistenceMode.FSYNC,
                SegmentedLogStore.SEGMENT_BYTES_MAX_DEFAULT)) {
            appendAndCheck(store, "segmented");
        }
    }

    @Test
    void chronicleKeepsNoPayloadInMemory() {
        SetTimeProvider clock = new SetTimeProvider(1_767_225_600_000L * 1_000_000L);
        try (ChronicleLogStore store = ChronicleLogStore.open(dir.resolve("chronicle"), PersistenceMode.NONE, clock)) {
            appendAndCheck(store, "chronicle");
        }
    }

    private static LogRecord record(long index, long view) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        ByteBuffer.wrap(payload).putLong(index).putLong(view);
        return new LogRecord(index, view, payload);
    }

    private static void appendAndCheck(LogStore store, String backend) {
        TreeMap<Long, LogRecord> expected = new TreeMap<>();
        for (long index = 1; index <= RECORDS; index++) {
            expected.put(index, record(index, 1));
            store.append(expected.get(index));
            if (index % 32 == 0) {
                store.sync();
            }
        }
        // A view change: some entries accepted again in a higher view, a suffix replaced, and the
        // last ones left unsynced (the segmented log still has them in its write buffer).
        for (long index = 100; index < 110; index++) {
            expected.put(index, record(index, 2));
            store.append(expected.get(index));
        }
        store.truncateFrom(RECORDS - 20);
        expected.tailMap((long) RECORDS - 20, true).clear();
        for (long index = RECORDS - 20; index <= RECORDS - 10; index++) {
            expected.put(index, record(index, 3));
            store.append(expected.get(index));
        }

        Reachable held = Reachable.from(store);
        System.out.println("RetainedPayloadTest " + backend + ": " + held);
        assertEquals(0, held.logRecords, () -> backend + " keeps LogRecords: " + held);
        assertTrue(held.bytes < PAYLOAD_BYTES, () -> backend + " keeps payload bytes: " + held);

        assertEquals(new ArrayList<>(expected.values()), store.records(), backend);
        for (long index = 1; index <= RECORDS + 1; index++) {
            assertEquals(expected.get(index), store.get(index), backend + " index " + index);
        }
        store.sync();
        assertEquals(new ArrayList<>(expected.values()), store.records(), backend + " after sync");
        assertNull(store.get(RECORDS), backend);
    }

    /**
     * What an object graph holds, counted by walking it from a root: the fields of our own classes
     * ({@code dev.ios.*}), arrays, and the elements, keys and values of {@code java.util}
     * collections and maps. A {@code byte[]} counts its length, a heap {@link ByteBuffer} its
     * capacity. Other library objects (paths, file channels, Chronicle's queue, whose data lives in
     * memory-mapped files, off the heap) are not entered: a payload our code kept would be in one
     * of ours, or in an array or collection of ours.
     */
    record Reachable(long bytes, int logRecords, int objects) {

        static Reachable from(Object root) {
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Deque<Object> pending = new ArrayDeque<>();
            pending.push(root);
            long bytes = 0;
            int logRecords = 0;
            while (!pending.isEmpty()) {
                Object o = pending.pop();
                if (!seen.add(o)) {
                    continue;
                }
                if (o instanceof byte[] array) {
                    bytes += array.length;
                } else if (o instanceof ByteBuffer buffer) {
                    bytes += buffer.hasArray() ? buffer.capacity() : 0;
                } else if (o instanceof Object[] array) {
                    for (Object element : array) {
                        pushIfAny(pending, element);
                    }
                } else if (o instanceof Map<?, ?> map) {
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        pushIfAny(pending, e.getKey());
                        pushIfAny(pending, e.getValue());
                    }
                } else if (o instanceof Collection<?> collection) {
                    for (Object element : collection) {
                        pushIfAny(pending, element);
                    }
                } else if (o.getClass().getName().startsWith("dev.ios.")) {
                    if (o instanceof LogRecord) {
                        logRecords++;
                    }
                    pushFields(pending, o);
                }
            }
            return new Reachable(bytes, logRecords, seen.size());
        }

        private static void pushFields(Deque<Object> pending, Object o) {
            for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("dev.ios."); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        pushIfAny(pending, field.get(o));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new AssertionError("cannot read " + field + ": " + e, e);
                    }
                }
            }
        }

        private static void pushIfAny(Deque<Object> pending, Object o) {
            if (o != null) {
                pending.push(o);
            }
        }
    }

    /** The walk itself counts what a store that kept records would hold. */
    @Test
    void theWalkFindsPayloadsWhereTheyAreKept() {
        List<LogRecord> kept = new ArrayList<>(List.of(record(1, 1), record(2, 1)));
        Map<Long, Object> nested = new TreeMap<>(Map.of(1L, new Object[] {kept}, 2L, ByteBuffer.allocate(10)));
        Reachable held = Reachable.from(new Object[] {nested, kept});
        assertEquals(2, held.logRecords);
        assertEquals(2L * PAYLOAD_BYTES + 10, held.bytes);
    }
}
