package dev.ios.bench.workload;

import dev.ios.kvstore.Responses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ios bench -check} checks with any number of clients: per key, three necessary
 * conditions of linearizability for a register that is only read and overwritten (the workload
 * never deletes). It is not the full linearizability check (that is {@code dev.ios.consensus.lincheck}
 * in consensus-core's test jar, which bench's tests run on the same history); it is what can be
 * checked in linear time on any run:
 *
 * <ol>
 *   <li><b>No invented values.</b> A successful {@code get} returns a value some write to that key
 *       sent before the read ended (or that the key held before the run), never anything else.
 *   <li><b>No stale reads.</b> A {@code get} does not return a value that was certainly overwritten
 *       before it started: if an acknowledged write {@code a} to the key began after write {@code w}
 *       ended and itself ended before the read began, the read cannot return {@code w}'s value. Nor
 *       {@code key not found} once any write to the key was acknowledged before the read began.
 *   <li><b>No lost acknowledged writes.</b> The read-back after the run is a read like the others,
 *       so it must return the last acknowledged write's value (or a write concurrent with it).
 * </ol>
 *
 * <p>A write that did not succeed may or may not have been applied, at any later time, so its value
 * may appear (it never counts as invented) but it never makes another value stale. A {@code
 * REJECTED} write was never applied, so its value counts as invented. Values are compared as text,
 * so with tiny values two writes may share one; then a read is fine if either explains it.
 *
 * <p>Pure: no threads, no clock.
 */
public final class HistoryCheck {

    /** At most this many violations are reported; one is enough to fail. */
    static final int VIOLATIONS_MAX = 5;

    private HistoryCheck() {}

    /** The violations in {@code operations}, at most {@link #VIOLATIONS_MAX}; empty if none. */
    public static List<String> violations(List<History.Operation> operations) {
        Map<String, List<History.Operation>> byKey = new TreeMap<>();
        for (History.Operation operation : operations) {
            byKey.computeIfAbsent(operation.key(), k -> new ArrayList<>()).add(operation);
        }
        List<String> violations = new ArrayList<>();
        for (List<History.Operation> ofKey : byKey.values()) {
            checkKey(ofKey, violations);
            if (violations.size() >= VIOLATIONS_MAX) {
                return violations.subList(0, VIOLATIONS_MAX);
            }
        }
        return violations;
    }

    private static void checkKey(List<History.Operation> ofKey, List<String> violations) {
        List<History.Operation> writes = new ArrayList<>();
        List<History.Operation> acknowledged = new ArrayList<>();
        for (History.Operation operation : ofKey) {
            if (operation.write() && operation.outcome() != Outcome.REJECTED) {
                writes.add(operation);
                if (operation.outcome() == Outcome.SUCCESS) {
                    acknowledged.add(operation);
                }
            }
        }
        for (History.Operation read : ofKey) {
            if (read.write() || read.outcome() != Outcome.SUCCESS) {
                continue;
            }
            // The latest start of an acknowledged write that ended before this read began: a value
            // whose write ended before that start was certainly overwritten before the read.
            long overwrittenBeforeNs = Long.MIN_VALUE;
            for (History.Operation a : acknowledged) {
                if (a.completeNs() < read.invokeNs()) {
                    overwrittenBeforeNs = Math.max(overwrittenBeforeNs, a.invokeNs());
                }
            }
            String problem = explain(read, writes, overwrittenBeforeNs);
            if (problem != null) {
                violations.add(describe(read) + ": " + problem);
                if (violations.size() >= VIOLATIONS_MAX) {
                    return;
                }
            }
        }
    }

    /** Why {@code read}'s value is impossible, or null if some write explains it. */
    private static String explain(History.Operation read, List<History.Operation> writes, long overwrittenBeforeNs) {
        if (read.value().equals(Responses.KEY_NOT_FOUND)) {
            return overwrittenBeforeNs == Long.MIN_VALUE ? null
                    : "key not found, although a write to it was acknowledged before the read began";
        }
        boolean written = false;
        for (History.Operation w : writes) {
            if (!w.value().equals(read.value()) || w.invokeNs() > read.completeNs()) {
                continue;
            }
            written = true;
            // A write without a definite answer may be applied at any later time.
            long endNs = w.outcome() == Outcome.SUCCESS ? w.completeNs() : Long.MAX_VALUE;
            if (endNs >= overwrittenBeforeNs) {
                return null;
            }
        }
        return written ? "stale: every write of this value was overwritten by an acknowledged write before the read began"
                : "no write of this value to this key was sent before the read ended";
    }

    private static String describe(History.Operation read) {
        return (read.worker() < 0 ? "read-back" : "worker " + read.worker()) + " get " + read.key() + " -> '" + read.value()
                + "'";
    }
}
