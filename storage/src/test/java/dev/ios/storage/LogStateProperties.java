package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LogState} (a ring addressed by index, plus an overflow map for far indices) against the
 * obvious model, a {@link TreeMap}: random appends in and out of order, overwrites, truncations,
 * discards and far indices (beyond the ring's span, up to {@code Long.MAX_VALUE}), with a small
 * span so the ring grows, wraps, overflows and migrates every few operations. Every result is
 * compared after every operation. {@code -Dprop.seed=N} replays one seed.
 */
class LogStateProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void behavesLikeATreeMap(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int span = 1 << (2 + random.nextInt(8)); // 4 .. 512
        int initial = 1 << random.nextInt(Integer.numberOfTrailingZeros(span) + 1);
        LogState state = new LogState(span, initial);
        TreeMap<Long, LogRecord> model = new TreeMap<>();
        long modelDiscardedBefore = 1;
        List<String> history = new ArrayList<>();
        Supplier<String> where = () -> "seed=" + seed + " span=" + span + " initial=" + initial + " after "
                + history.subList(Math.max(0, history.size() - 8), history.size());
        int ops = 200 + random.nextInt(800);
        for (int op = 0; op < ops; op++) {
            long top = model.isEmpty() ? modelDiscardedBefore : model.lastKey();
            int choice = random.nextInt(100);
            if (choice < 55) {
                long index = pickIndex(random, modelDiscardedBefore, top, span, true);
                LogRecord record = new LogRecord(index, random.nextInt(5), new byte[] {(byte) op});
                history.add("append " + index);
                state.append(record);
                model.put(index, record);
            } else if (choice < 58) {
                long index = modelDiscardedBefore - 1 - random.nextInt(3);
                if (index >= 1) {
                    history.add("append below " + index);
                    long at = index;
                    assertThrows(IllegalArgumentException.class, () -> state.append(new LogRecord(at, 0, new byte[0])),
                            where);
                }
            } else if (choice < 72) {
                long from = pickIndex(random, Math.max(1, modelDiscardedBefore - 3), top, span, true);
                history.add("truncateFrom " + from);
                boolean held = !model.tailMap(from, true).isEmpty();
                assertEquals(held, state.truncateFrom(from), where);
                model.tailMap(from, true).clear();
            } else if (choice < 85) {
                long before = pickIndex(random, Math.max(1, modelDiscardedBefore - 3), top, span, random.nextInt(10) == 0);
                history.add("discardBefore " + before);
                boolean raised = before > modelDiscardedBefore;
                assertEquals(raised, state.discardBefore(before), where);
                if (raised) {
                    modelDiscardedBefore = before;
                    model.headMap(before, false).clear();
                }
            } else {
                long from = pickIndex(random, Math.max(1, modelDiscardedBefore - 3), top, span, true);
                history.add("holdsAnyFrom " + from);
                assertEquals(model.ceilingKey(from) != null, state.holdsAnyFrom(from), where);
            }
            check(state, model, modelDiscardedBefore, random, span, where);
        }
    }

    /**
     * Mostly near the log's top, in and out of order; sometimes at the edge of the span, far
     * beyond it, or (if {@code huge}) next to {@code Long.MAX_VALUE}. Never below {@code low}.
     */
    private static long pickIndex(SplittableRandom random, long low, long top, int span, boolean huge) {
        int kind = random.nextInt(huge ? 20 : 19);
        if (kind < 12) {
            long from = Math.max(low, top - 2L * span);
            long to = plus(top, 3);
            return from + random.nextLong(to - from + 1);
        }
        if (kind < 15) {
            return plus(low, random.nextLong(3L * span));
        }
        if (kind < 18) {
            return plus(low, span - 2 + random.nextInt(8));
        }
        if (kind < 19) {
            return plus(low, span + random.nextLong(1L << 40));
        }
        return Math.max(low, Long.MAX_VALUE - random.nextInt(3 * span));
    }

    private static long plus(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    private static void check(LogState state, TreeMap<Long, LogRecord> model, long discardedBefore,
                              SplittableRandom random, int span, Supplier<String> where) {
        assertEquals(discardedBefore, state.discardedBefore(), where);
        assertEquals(model.isEmpty() ? discardedBefore - 1 : model.lastKey(), state.lastIndex(), where);
        assertEquals(model.isEmpty(), state.isEmpty(), where);
        assertEquals(new ArrayList<>(model.values()), state.records(), where);
        for (Map.Entry<Long, LogRecord> e : model.entrySet()) {
            assertEquals(e.getValue(), state.get(e.getKey()), where);
        }
        for (int i = 0; i < 8; i++) {
            long index = plus(Math.max(1, discardedBefore - 2), random.nextLong(3L * span));
            assertEquals(model.get(index), state.get(index), where);
        }
        assertTrue(state.ringCapacity() <= span, where);
    }

    @Test
    void anAbsurdIndexDoesNotGrowTheRing() {
        LogState state = new LogState();
        int capacity = state.ringCapacity();
        state.append(new LogRecord(1, 0, new byte[] {1}));
        state.append(new LogRecord(Long.MAX_VALUE, 0, new byte[] {2}));
        state.append(new LogRecord(1 + LogState.RING_SPAN_MAX_DEFAULT, 0, new byte[] {3}));
        assertEquals(capacity, state.ringCapacity());
        assertEquals(2, state.overflowSize());
        assertEquals(Long.MAX_VALUE, state.lastIndex());
        assertTrue(state.holdsAnyFrom(Long.MAX_VALUE));
        assertEquals(3, state.records().size());
        // The last index inside the span grows the ring to the span, no further.
        state.append(new LogRecord(LogState.RING_SPAN_MAX_DEFAULT, 0, new byte[] {4}));
        assertEquals(LogState.RING_SPAN_MAX_DEFAULT, state.ringCapacity());
        // Once the discard point passes, far records come into the ring; nothing is lost.
        state.discardBefore(2);
        assertEquals(1, state.overflowSize());
        assertEquals(3, state.get(1 + LogState.RING_SPAN_MAX_DEFAULT).payload()[0]);
        assertNull(state.get(1));
        state.truncateFrom(Long.MAX_VALUE);
        assertEquals(1 + LogState.RING_SPAN_MAX_DEFAULT, state.lastIndex());
        state.discardBefore(Long.MAX_VALUE);
        assertTrue(state.isEmpty());
        assertEquals(Long.MAX_VALUE - 1, state.lastIndex());
        state.append(new LogRecord(Long.MAX_VALUE, 1, new byte[] {5}));
        assertEquals(Long.MAX_VALUE, state.lastIndex());
        assertEquals(1, state.records().size());
        assertTrue(state.truncateFrom(Long.MAX_VALUE));
        assertTrue(state.isEmpty());
    }
}
