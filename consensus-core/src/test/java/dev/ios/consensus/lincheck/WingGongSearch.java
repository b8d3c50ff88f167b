package dev.ios.consensus.lincheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The search for one part of a history: Wing and Gong's backtracking over the events in time
 * order, with Lowe's memoisation of (set of linearized operations, model state) as in Porcupine.
 *
 * <p>Events are kept in a doubly linked list sorted by time. At each point the search may
 * linearize any operation whose call appears before the first remaining return: such operations
 * have all been invoked, and none of them is preceded in real time by an operation still pending.
 * Linearizing lifts the call and its return out of the list; reaching a return means the
 * operation it ends cannot be placed, so the search undoes the last choice. A configuration seen
 * before (same linearized set, equal state) has already been explored and is skipped.
 *
 * <p>Unknown operations return at {@link Operation#NEVER}, i.e. after everything else, and the
 * model accepts any answer for them; once every known operation is linearized, the rest can all
 * go last, so the part is linearizable.
 */
final class WingGongSearch<S, I, O> {

    /** What one search found; {@code decided} is false when the step bound ran out. */
    record Outcome<I, O>(boolean decided, boolean linearizable, List<Operation<I, O>> longestPrefix,
            String stateAfterPrefix, long steps) {}

    private static final class Event {
        final int operation;
        final boolean call;
        Event match;
        Event previous;
        Event next;

        Event(int operation, boolean call) {
            this.operation = operation;
            this.call = call;
        }
    }

    private record Frame<S>(Event call, S stateBefore) {}

    private record Configuration<S>(BitSet linearized, S state) {}

    private final List<Operation<I, O>> operations;
    private final Model<S, I, O> model;
    private final long stepsMax;

    WingGongSearch(List<Operation<I, O>> operations, Model<S, I, O> model, long stepsMax) {
        this.operations = operations;
        this.model = model;
        this.stepsMax = stepsMax;
    }

    Outcome<I, O> run() {
        Event head = buildEventList();
        int knownLeft = (int) operations.stream().filter(o -> !o.isUnknown()).count();
        BitSet linearized = new BitSet(operations.size());
        Set<Configuration<S>> seen = new HashSet<>();
        Deque<Frame<S>> stack = new ArrayDeque<>();
        S state = model.initialState();
        List<Operation<I, O>> longest = List.of();
        S stateAfterLongest = state;
        long steps = 0;
        Event entry = head.next;
        while (knownLeft > 0) {
            if (++steps > stepsMax) {
                return new Outcome<>(false, false, longest, String.valueOf(stateAfterLongest), steps - 1);
            }
            if (entry.call) {
                Operation<I, O> operation = operations.get(entry.operation);
                Optional<S> next = model.step(state, operation.input(), operation.output());
                if (next.isEmpty() && operation.isUnknown()) {
                    throw new IllegalStateException("the model refused an unknown output for " + operation.input()
                            + "; Model.step must accept a null output");
                }
                boolean advanced = false;
                if (next.isPresent()) {
                    BitSet withOperation = (BitSet) linearized.clone();
                    withOperation.set(entry.operation);
                    if (seen.add(new Configuration<>(withOperation, next.get()))) {
                        stack.push(new Frame<>(entry, state));
                        state = next.get();
                        linearized.set(entry.operation);
                        lift(entry);
                        if (!operation.isUnknown()) {
                            knownLeft--;
                        }
                        if (stack.size() > longest.size()) {
                            longest = linearizationOf(stack);
                            stateAfterLongest = state;
                        }
                        entry = head.next;
                        advanced = true;
                    }
                }
                if (!advanced) {
                    entry = entry.next;
                }
            } else {
                // The first remaining return: its operation must be linearized before anything
                // later, and every candidate has failed, so undo the last choice.
                if (stack.isEmpty()) {
                    return new Outcome<>(true, false, longest, String.valueOf(stateAfterLongest), steps);
                }
                Frame<S> frame = stack.pop();
                state = frame.stateBefore();
                linearized.clear(frame.call().operation);
                unlift(frame.call());
                if (!operations.get(frame.call().operation).isUnknown()) {
                    knownLeft++;
                }
                entry = frame.call().next;
            }
        }
        return new Outcome<>(true, true, List.of(), "", steps);
    }

    private Event buildEventList() {
        List<Event> events = new ArrayList<>(2 * operations.size());
        for (int i = 0; i < operations.size(); i++) {
            Event call = new Event(i, true);
            Event ret = new Event(i, false);
            call.match = ret;
            ret.match = call;
            events.add(call);
            events.add(ret);
        }
        // Calls before returns at equal times: operations that touch at an instant overlap.
        events.sort(Comparator.<Event>comparingLong(this::timeOf)
                .thenComparing(event -> event.call ? 0 : 1)
                .thenComparingInt(event -> event.operation));
        Event head = new Event(-1, false);
        Event last = head;
        for (Event event : events) {
            last.next = event;
            event.previous = last;
            last = event;
        }
        return head;
    }

    private long timeOf(Event event) {
        Operation<I, O> operation = operations.get(event.operation);
        return event.call ? operation.callTime() : operation.returnTime();
    }

    private List<Operation<I, O>> linearizationOf(Deque<Frame<S>> stack) {
        List<Operation<I, O>> order = new ArrayList<>(stack.size());
        // The deque is used as a stack: iterate from the bottom (oldest choice) up.
        stack.descendingIterator().forEachRemaining(frame -> order.add(operations.get(frame.call().operation)));
        return order;
    }

    private static void lift(Event call) {
        call.previous.next = call.next;
        call.next.previous = call.previous;
        Event ret = call.match;
        ret.previous.next = ret.next;
        if (ret.next != null) {
            ret.next.previous = ret.previous;
        }
    }

    private static void unlift(Event call) {
        // Undo lift in reverse order; the lifted events kept their own links.
        Event ret = call.match;
        ret.previous.next = ret;
        if (ret.next != null) {
            ret.next.previous = ret;
        }
        call.previous.next = call;
        call.next.previous = call;
    }
}
