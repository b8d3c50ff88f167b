package dev.ios.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -check}'s history check on small hand-made histories: each condition accepts what it must and catches what it must. */
class HistoryCheckTest {

    final History history = new History();

    void op(int worker, String command, String response, long invokeNs, long completeNs, Outcome outcome) {
        history.record(worker, command, response, invokeNs, completeNs, outcome);
    }

    List<String> violations() {
        return HistoryCheck.violations(history.operations());
    }

    @Test
    void sequentialWritesAndReadsPass() {
        op(0, "get a", "key not found", 0, 1, Outcome.SUCCESS);
        op(0, "update a x", "OK", 2, 3, Outcome.SUCCESS);
        op(1, "get a", "x", 4, 5, Outcome.SUCCESS);
        op(0, "update a y", "OK", 6, 7, Outcome.SUCCESS);
        op(-1, "get a", "y", 8, 9, Outcome.SUCCESS);

        assertEquals(List.of(), violations());
    }

    @Test
    void aReadConcurrentWithAWriteMayReturnEitherValue() {
        op(0, "update a x", "OK", 0, 1, Outcome.SUCCESS);
        op(0, "update a y", "OK", 2, 10, Outcome.SUCCESS);
        op(1, "get a", "x", 3, 4, Outcome.SUCCESS);
        op(1, "get a", "y", 5, 6, Outcome.SUCCESS);

        assertEquals(List.of(), violations());
    }

    @Test
    void anInventedValueIsCaught() {
        op(0, "update a x", "OK", 0, 1, Outcome.SUCCESS);
        op(1, "get a", "z", 2, 3, Outcome.SUCCESS);

        assertTrue(violations().get(0).contains("no write of this value"), violations().toString());
    }

    @Test
    void aValueFromTheFutureIsCaught() {
        op(1, "get a", "x", 0, 1, Outcome.SUCCESS);
        op(0, "update a x", "OK", 2, 3, Outcome.SUCCESS);

        assertEquals(1, violations().size());
    }

    @Test
    void aStaleReadIsCaught() {
        op(0, "update a x", "OK", 0, 1, Outcome.SUCCESS);
        op(0, "update a y", "OK", 2, 3, Outcome.SUCCESS);
        op(1, "get a", "x", 4, 5, Outcome.SUCCESS);

        assertTrue(violations().get(0).contains("stale"), violations().toString());
    }

    @Test
    void aLostAcknowledgedWriteIsCaughtByTheReadBack() {
        op(0, "update a x", "OK", 0, 1, Outcome.SUCCESS);
        op(-1, "get a", "key not found", 2, 3, Outcome.SUCCESS);

        assertTrue(violations().get(0).startsWith("read-back get a"), violations().toString());
    }

    @Test
    void aWriteWithoutAnswerMayApplyLaterButARejectedOneNever() {
        op(0, "update a x", "OK", 0, 1, Outcome.SUCCESS);
        op(0, "update a y", "INDETERMINATE", 2, 3, Outcome.INDETERMINATE);
        op(0, "update a z", "OK", 4, 5, Outcome.SUCCESS);
        op(1, "get a", "y", 6, 7, Outcome.SUCCESS);
        assertEquals(List.of(), violations(), "y may have been applied after z");

        op(0, "update b r", "overloaded", 0, 1, Outcome.REJECTED);
        op(1, "get b", "r", 2, 3, Outcome.SUCCESS);
        assertEquals(1, violations().size(), violations().toString());
    }

    @Test
    void valuesLeftByAnEarlierRunAreNotInvented() {
        history.recordInitial("a", "old", 0);
        op(1, "get a", "old", 1, 2, Outcome.SUCCESS);

        assertEquals(List.of(), violations());
    }
}
