package dev.ios.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@link LogState} (a ring of locations addressed by index, plus an overflow map for far indices)
 * against the obvious model, a {@link TreeMap}: random appends in and out of order, overwrites,
 * truncations, discards and far indices (beyond the ring's span, up to {@code Long.MAX_VALUE}),
 * with a small span so the ring grows, wraps, overflows and migrates every few operations. Every
 * result is compared after every operation. {@code -Dprop.seed=N} replays one seed.
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
        TreeMap<Long, Long> model = new TreeMap<>();
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
                // Any location >= 0, 0 and the largest included.
                long location = random.nextInt(10) == 0 ? (random.nextBoolean() ? 0 : Long.MAX_VALUE) : random.nextLong(1L << 40);
                history.add("append " + index + "@" + location);
                state.append(index, location);
                model.put(index, location);
            } else if (choice < 58) {
                long index = modelDiscardedBefore - 1 - random.nextInt(3);
                if (index >= 1) {
                    history.add("append below " + index);
                    long at = index;
                    assertThrows(IllegalArgumentException.class, () -> state.append(at, 0), where);
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

    private static void check(LogState state, TreeMap<Long, Long> model, long discardedBefore,
                              SplittableRandom random, int span, Supplier<String> where) {
        assertEquals(discardedBefore, state.discardedBefore(), where);
        assertEquals(model.isEmpty() ? discardedBefore - 1 : model.lastKey(), state.lastIndex(), where);
        assertEquals(model.isEmpty(), state.isEmpty(), where);
        assertEquals(model.size(), state.size(), where);
        assertEquals(new ArrayList<>(model.entrySet()), entries(state), where);
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertEquals(e.getValue(), state.location(e.getKey()), where);
        }
        for (int i = 0; i < 8; i++) {
            long index = plus(Math.max(1, discardedBefore - 2), random.nextLong(3L * span));
            assertEquals(model.getOrDefault(index, LogState.ABSENT), state.location(index), where);
        }
        assertTrue(state.ringCapacity() <= span, where);
    }

    /** What {@link LogState#forEach} visits, as map entries in order. */
    private static List<Map.Entry<Long, Long>> entries(LogState state) {
        List<Map.Entry<Long, Long>> out = new ArrayList<>();
        state.forEach((index, location) -> out.add(Map.entry(index, location)));
        return out;
    }

    @Test
    void aNegativeLocationIsRefusedForItIsTheEmptySlotsMark() {
        LogState state = new LogState();
        assertThrows(IllegalArgumentException.class, () -> state.append(1, LogState.ABSENT));
        assertTrue(state.isEmpty());
    }

    @Test
    void anAbsurdIndexDoesNotGrowTheRing() {
        LogState state = new LogState();
        int capacity = state.ringCapacity();
        state.append(1, 1);
        state.append(Long.MAX_VALUE, 2);
        state.append(1 + LogState.RING_SPAN_MAX_DEFAULT, 3);
        assertEquals(capacity, state.ringCapacity());
        assertEquals(2, state.overflowSize());
        assertEquals(Long.MAX_VALUE, state.lastIndex());
        assertTrue(state.holdsAnyFrom(Long.MAX_VALUE));
        assertEquals(3, entries(state).size());
        // The last index inside the span grows the ring to the span, no further.
        state.append(LogState.RING_SPAN_MAX_DEFAULT, 4);
        assertEquals(LogState.RING_SPAN_MAX_DEFAULT, state.ringCapacity());
        // Once the discard point passes, far records come into the ring; nothing is lost.
        state.discardBefore(2);
        assertEquals(1, state.overflowSize());
        assertEquals(3, state.location(1 + LogState.RING_SPAN_MAX_DEFAULT));
        assertEquals(LogState.ABSENT, state.location(1));
        state.truncateFrom(Long.MAX_VALUE);
        assertEquals(1 + LogState.RING_SPAN_MAX_DEFAULT, state.lastIndex());
        state.discardBefore(Long.MAX_VALUE);
        assertTrue(state.isEmpty());
        assertEquals(Long.MAX_VALUE - 1, state.lastIndex());
        state.append(Long.MAX_VALUE, 5);
        assertEquals(Long.MAX_VALUE, state.lastIndex());
        assertEquals(1, entries(state).size());
        assertTrue(state.truncateFrom(Long.MAX_VALUE));
        assertTrue(state.isEmpty());
    }
}
