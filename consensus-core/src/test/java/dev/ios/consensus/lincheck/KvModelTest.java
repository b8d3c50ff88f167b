package dev.ios.consensus.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Goal: hand-made key-value histories, linearizable and not, checked with Ios's response
 * strings; failures name the key; partitioning keeps keys apart unless an operation joins them.
 */
class KvModelTest {

    private static final KvModel KV = KvModel.INSTANCE;

    @Test
    void aSequentialHistoryWithEveryCommandIsLinearizable() {
        assertOk(op(1, 0, 1, "get A", "key not found"),
                op(1, 2, 3, "exists A", "false"),
                op(1, 4, 5, "update A 1", "OK"),
                op(1, 6, 7, "get A", "1"),
                op(1, 8, 9, "exists A", "true"),
                op(1, 10, 11, "delete A", "OK"),
                op(1, 12, 13, "get A", "key not found"),
                op(1, 14, 15, "delete A", "OK"));
    }

    @Test
    void concurrentWritesMayBeSeenInEitherOrder() {
        var a = op(1, 0, 10, "update A 1", "OK");
        var b = op(2, 2, 12, "update A 2", "OK");
        assertOk(a, b, op(3, 5, 15, "get A", "1"));
        assertOk(a, b, op(3, 5, 15, "get A", "2"));
        assertOk(a, b, op(3, 13, 15, "get A", "2"));
        assertOk(a, b, op(3, 13, 15, "get A", "1"));
    }

    @Test
    void aReadConcurrentWithAWriteSeesTheOldOrTheNewValue() {
        var write = op(1, 10, 20, "update A new", "OK");
        assertOk(op(1, 0, 1, "update A old", "OK"), write, op(2, 15, 16, "get A", "old"));
        assertOk(op(1, 0, 1, "update A old", "OK"), write, op(2, 15, 16, "get A", "new"));
    }

    @Test
    void unknownWritesThatDidOrDidNotTakeEffectAreLinearizable() {
        var unknown = Operation.<String, String>unknown(1, 0, "update A 1");
        assertOk(unknown, op(2, 5, 6, "get A", "1"));
        assertOk(unknown, op(2, 5, 6, "get A", "key not found"));
        assertOk(unknown, op(2, 5, 6, "exists A", "false"), op(2, 7, 8, "exists A", "true"));
    }

    @Test
    void aStaleReadAfterAWriteReturnedIsNotLinearizableAndTheKeyIsNamed() {
        Result<String, String> result = Linearizability.check(List.of(
                op(1, 0, 1, "update B 1", "OK"),
                op(1, 0, 1, "update A 1", "OK"),
                op(2, 2, 3, "get B", "1"),
                op(2, 4, 5, "get A", "key not found")), KV);
        assertEquals(Result.Verdict.NOT_LINEARIZABLE, result.verdict(), result::explain);
        assertEquals(Optional.of("A"), result.partitionKey());
        assertEquals(2, result.partitionCount());
        assertEquals(2, result.partitionOperations().size());
        assertEquals(List.of(op(1, 0, 1, "update A 1", "OK")), result.longestLinearizablePrefix());
        String explanation = result.explain();
        assertTrue(explanation.startsWith("not linearizable: key 'A'"), explanation);
        assertTrue(explanation.contains("client 2 [4, 5] get A -> key not found"), explanation);
        assertTrue(explanation.contains("state after the prefix: {A=1}"), explanation);
    }

    @Test
    void aReadOfAValueNeverWrittenIsNotLinearizable() {
        assertNotOk("A", op(1, 0, 10, "update A 1", "OK"), op(2, 0, 10, "get A", "2"));
    }

    @Test
    void twoReadsInRealTimeOrderCannotSeeNewThenOld() {
        assertNotOk("A", op(1, 0, 1, "update A old", "OK"),
                op(1, 2, 100, "update A new", "OK"),
                op(2, 10, 20, "get A", "new"),
                op(3, 30, 40, "get A", "old"));
    }

    @Test
    void anUnknownWriteSeenBeforeItsCallIsNotLinearizable() {
        assertNotOk("A", op(2, 0, 1, "get A", "1"), Operation.unknown(1, 5, "update A 1"));
    }

    @Test
    void theSmallestFailingKeyIsReported() {
        List<Operation<String, String>> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            history.add(op(1, 10 * i, 10 * i + 1, "update Big " + i, "OK"));
        }
        history.add(op(2, 100, 101, "get Big", "never"));
        history.add(op(3, 0, 1, "get Small", "never"));
        Result<String, String> result = Linearizability.check(history, KV);
        assertEquals(Optional.of("Small"), result.partitionKey(), result::explain);
    }

    @Test
    void responsesAreIosStrings() {
        assertOk(op(1, 0, 1, "update A", "not recognised"),
                op(1, 2, 3, "get", "request not recognised"),
                op(1, 4, 5, "get A B", "request not recognised"),
                op(1, 6, 7, "frobnicate", "request not recognised"),
                op(1, 8, 9, "update A 1; get A; exists B", "OK; 1; false"));
        assertNotOk("A", op(1, 0, 1, "update A 1", "ok"));
    }

    @Test
    void quotedValuesMayContainSpaces() {
        assertOk(op(1, 0, 1, "update A \"x y\"", "OK"), op(1, 2, 3, "get A", "x y"));
    }

    @Test
    void countAndPrintCheckTheWholeHistoryAndPrintInAnyOrder() {
        var history = List.of(op(1, 0, 1, "update A 1", "OK"), op(2, 0, 1, "update B 2", "OK"),
                op(3, 2, 3, "count", "2"), op(3, 4, 5, "print", "B, 2\nA, 1\n"), op(3, 6, 7, "print; count", "A, 1\nB, 2\n; 2"));
        Result<String, String> result = Linearizability.check(history, KV);
        assertTrue(result.ok(), result::explain);
        assertEquals(1, result.partitionCount());
        assertNotOk(KvModel.ALL_KEYS, op(1, 0, 1, "update A 1", "OK"), op(3, 2, 3, "count", "0"));
        assertNotOk(KvModel.ALL_KEYS, op(1, 0, 1, "update A 1", "OK"), op(3, 2, 3, "print", "A, 2\n"));
    }

    @Test
    void partitionsFollowSharedKeysAndDropUnknownReads() {
        Map<String, List<Operation<String, String>>> parts = KV.partition(List.of(
                op(1, 0, 1, "update A 1", "OK"),
                op(1, 0, 1, "update B 1; get C", "OK; key not found"),
                op(1, 0, 1, "get C", "key not found"),
                op(1, 0, 1, "get D", "key not found"),
                op(1, 0, 1, "nonsense", "request not recognised"),
                Operation.unknown(1, 0, "get E"),
                Operation.unknown(1, 0, "count")));
        assertEquals(List.of("(no key)", "A", "B,C", "D"), List.copyOf(parts.keySet()));
        assertEquals(2, parts.get("B,C").size());
    }

    @Test
    void stepComputesTheStateAfterAnUnknownOutput() {
        assertEquals(Optional.of(Map.of("A", "1")), KV.step(Map.of(), "update A 1", null));
        assertEquals(Optional.of(Map.of()), KV.step(Map.of("A", "1"), "delete A", null));
        assertEquals(Optional.empty(), KV.step(Map.of("A", "1"), "get A", "2"));
    }

    private static Operation<String, String> op(int client, long call, long ret, String input, String output) {
        return new Operation<>(client, call, ret, input, output);
    }

    @SafeVarargs
    private static void assertOk(Operation<String, String>... history) {
        Result<String, String> result = Linearizability.check(List.of(history), KV);
        assertTrue(result.ok(), result::explain);
    }

    @SafeVarargs
    private static void assertNotOk(String key, Operation<String, String>... history) {
        Result<String, String> result = Linearizability.check(List.of(history), KV);
        assertEquals(Result.Verdict.NOT_LINEARIZABLE, result.verdict(), result::explain);
        assertEquals(Optional.of(key), result.partitionKey(), result::explain);
        assertTrue(result.explain().contains("key '" + key + "'"), result::explain);
    }
}
