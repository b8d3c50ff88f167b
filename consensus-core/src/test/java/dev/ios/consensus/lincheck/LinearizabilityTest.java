package dev.ios.consensus.lincheck;

import static dev.ios.consensus.lincheck.RegisterModel.read;
import static dev.ios.consensus.lincheck.RegisterModel.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.lincheck.RegisterModel.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Goal: the search itself, on a single register (no partitioning): classic linearizable and
 * non-linearizable histories, unknown outcomes, the step bound, and the explanation.
 */
class LinearizabilityTest {

    private final RegisterModel register = new RegisterModel();

    @Test
    void emptyAndSequentialHistoriesAreLinearizable() {
        assertOk(List.of());
        assertOk(List.of(write(1, 0, 1, 5), read(1, 2, 3, 5), write(2, 4, 5, 7), read(3, 6, 7, 7)));
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        assertOk(List.of(write(1, 0, 10, 1), read(2, 5, 6, 0)));
        assertOk(List.of(write(1, 0, 10, 1), read(2, 5, 6, 1)));
    }

    @Test
    void operationsTouchingAtAnInstantAreConcurrent() {
        // The read is called at the instant the write returns: either order is allowed.
        assertOk(List.of(write(1, 0, 5, 1), read(2, 5, 6, 0)));
    }

    @Test
    void aStaleReadAfterAWriteReturnedIsNotLinearizable() {
        Result<Call, Integer> result = check(List.of(write(1, 0, 1, 1), read(2, 2, 3, 0)));
        assertFalse(result.ok(), result.explain());
        assertEquals(Result.Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(List.of(write(1, 0, 1, 1)), result.longestLinearizablePrefix());
        assertTrue(result.explain().contains("state after the prefix: 1"), result.explain());
    }

    @Test
    void twoReadsInRealTimeOrderCannotSeeNewThenOld() {
        // The write overlaps both reads, but once a read has seen 1 a later read cannot see 0.
        assertNotOk(List.of(write(1, 0, 100, 1), read(2, 10, 20, 1), read(3, 30, 40, 0)));
        assertOk(List.of(write(1, 0, 100, 1), read(2, 10, 20, 0), read(3, 30, 40, 1)));
    }

    @Test
    void concurrentWritesAllowEitherFinalValueButOnlyOneOrder() {
        var writes = List.of(write(1, 0, 10, 1), write(2, 0, 10, 2));
        assertOk(concat(writes, read(3, 11, 12, 1)));
        assertOk(concat(writes, read(3, 11, 12, 2)));
        // Two later reads must agree on which write came last.
        assertNotOk(concat(writes, read(3, 11, 12, 1), read(3, 13, 14, 2)));
    }

    @Test
    void anUnknownWriteMayHaveTakenEffectOrNot() {
        var unknown = Operation.<Call, Integer>unknown(1, 0, Call.write(1));
        assertOk(List.of(unknown, read(2, 5, 6, 1)));
        assertOk(List.of(unknown, read(2, 5, 6, 0)));
        // Even long after its client gave up, and after a read that saw it missing.
        assertOk(List.of(unknown, read(2, 5, 6, 0), read(2, 1000, 1001, 1)));
        // But once seen, it cannot be unseen.
        assertNotOk(List.of(unknown, read(2, 5, 6, 1), read(2, 7, 8, 0)));
    }

    @Test
    void anUnknownWriteCannotTakeEffectBeforeItWasCalled() {
        assertNotOk(List.of(read(1, 0, 1, 1), Operation.unknown(2, 5, Call.write(1))));
    }

    @Test
    void aValueNeverWrittenIsNotLinearizable() {
        assertNotOk(List.of(write(1, 0, 10, 1), read(2, 0, 10, 3)));
    }

    @Test
    void theStepBoundGivesUnknownNotAVerdict() {
        List<Operation<Call, Integer>> history = new ArrayList<>();
        // Ten concurrent writes, then a read of a value never written: refuting it means
        // exploring every subset of the writes.
        for (int i = 0; i < 10; i++) {
            history.add(write(i, 0, 100, i + 1));
        }
        history.add(read(99, 101, 102, 1000));
        Result<Call, Integer> bounded = Linearizability.check(history, register, 100);
        assertEquals(Result.Verdict.UNKNOWN, bounded.verdict(), bounded.explain());
        assertFalse(bounded.ok());
        assertTrue(bounded.explain().startsWith("unknown: the search gave up after 100 steps"), bounded.explain());
        assertEquals(Result.Verdict.NOT_LINEARIZABLE, check(history).verdict());
    }

    @Test
    void aModelThatRefusesUnknownOutputsIsReported() {
        Model<Integer, Call, Integer> broken = new Model<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public Optional<Integer> step(Integer state, Call input, Integer output) {
                return Optional.empty();
            }
        };
        var history = List.of(Operation.<Call, Integer>unknown(1, 0, Call.write(1)), read(2, 1, 2, 0));
        assertThrows(IllegalStateException.class, () -> Linearizability.check(history, broken));
    }

    @Test
    void malformedOperationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Operation<>(1, 5, 4, Call.read(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Operation<>(1, 5, 6, Call.read(), null));
        assertThrows(IllegalArgumentException.class,
                () -> new Operation<>(1, 5, Operation.NEVER, Call.read(), 0));
        assertThrows(NullPointerException.class, () -> new Operation<Call, Integer>(1, 5, 6, null, 0));
    }

    private Result<Call, Integer> check(List<Operation<Call, Integer>> history) {
        return Linearizability.check(history, register);
    }

    private void assertOk(List<Operation<Call, Integer>> history) {
        Result<Call, Integer> result = check(history);
        assertTrue(result.ok(), result::explain);
        assertEquals("linearizable", result.explain().substring(0, "linearizable".length()));
    }

    private void assertNotOk(List<Operation<Call, Integer>> history) {
        Result<Call, Integer> result = check(history);
        assertEquals(Result.Verdict.NOT_LINEARIZABLE, result.verdict(), result::explain);
        assertEquals(history.size(), result.partitionOperations().size());
    }

    @SafeVarargs
    private static List<Operation<Call, Integer>> concat(List<Operation<Call, Integer>> first,
            Operation<Call, Integer>... more) {
        List<Operation<Call, Integer>> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
