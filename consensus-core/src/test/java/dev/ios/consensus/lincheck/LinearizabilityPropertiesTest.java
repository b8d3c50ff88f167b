package dev.ios.consensus.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the checker accepts every history a real map produces (with unknown outcomes) and
 * rejects the same history once one read is corrupted, naming the key; and it is fast enough for
 * the simulator. Replay one case with {@code -Dprop.seed=<seed>}.
 */
class LinearizabilityPropertiesTest {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void historiesOfARealMapAreLinearizable(long seed) {
        List<Operation<String, String>> history = randomHistory(seed);
        Result<String, String> result = Linearizability.check(history, KvModel.INSTANCE);
        assertTrue(result.ok(), () -> "seed=" + seed + "\n" + result.explain());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aReadOfAValueNeverWrittenIsCaughtAndItsKeyNamed(long seed) {
        List<Operation<String, String>> history = new ArrayList<>(randomHistory(seed));
        var random = new SplittableRandom(seed ^ 0x5eed);
        List<Integer> knownGets = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).input().startsWith("get ") && !history.get(i).isUnknown()) {
                knownGets.add(i);
            }
        }
        int victim = knownGets.get(random.nextInt(knownGets.size()));
        Operation<String, String> read = history.get(victim);
        history.set(victim, new Operation<>(read.clientId(), read.callTime(), read.returnTime(), read.input(),
                RandomKvHistory.NEVER_WRITTEN));
        String key = read.input().substring("get ".length());

        Result<String, String> result = Linearizability.check(history, KvModel.INSTANCE);
        assertEquals(Result.Verdict.NOT_LINEARIZABLE, result.verdict(),
                () -> "seed=" + seed + " corrupted " + read.describe() + "\n" + result.explain());
        String expectedPart = usesCount(history) ? KvModel.ALL_KEYS : key;
        assertEquals(Optional.of(expectedPart), result.partitionKey(), () -> "seed=" + seed + "\n" + result.explain());
        assertTrue(result.partitionOperations().contains(history.get(victim)), () -> "seed=" + seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aFewHundredOperationsOnOneKeyByFiveClientsCheckWellUnderASecond(long seed) {
        var random = new SplittableRandom(seed);
        List<Operation<String, String>> history = RandomKvHistory.generate(random, 5, 300, 1, 0.02, false);
        long startNs = System.nanoTime();
        Result<String, String> result = Linearizability.check(history, KvModel.INSTANCE);
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        assertTrue(result.ok(), () -> "seed=" + seed + "\n" + result.explain());
        // Generous for a loaded CI machine and a cold JIT; typically a few milliseconds.
        assertTrue(elapsedMs < 1000, "seed=" + seed + " took " + elapsedMs + " ms, " + result.searchSteps() + " steps");
    }

    /** 1 to 5 clients, up to 200 commands over 1 to 4 keys; one seed in five adds count. */
    private static List<Operation<String, String>> randomHistory(long seed) {
        var random = new SplittableRandom(seed);
        boolean withCount = random.nextInt(5) == 0;
        int clients = 1 + random.nextInt(5);
        // A history with count is checked whole: keep it short.
        int operations = withCount ? 5 + random.nextInt(40) : 5 + random.nextInt(200);
        int keys = 1 + random.nextInt(withCount ? 3 : 4);
        double unknownRate = random.nextDouble(0.1);
        return RandomKvHistory.generate(random, clients, operations, keys, unknownRate, withCount);
    }

    private static boolean usesCount(List<Operation<String, String>> history) {
        return history.stream().anyMatch(op -> op.input().equals("count") && !op.isUnknown());
    }
}
