package dev.ios.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.config.WorkloadConfig;
import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workload generator is a function of its seed, and its requests follow the workload file:
 * read share, key set, sizes, delays, count. Seeds replay with {@code -Dprop.seed=N}.
 */
class WorkloadGeneratorProperties {

    static LongStream seeds() {
        return Seeds.properties(30);
    }

    /** A random valid workload drawn from {@code seed}. */
    static WorkloadConfig workload(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new WorkloadConfig(random.nextInt(101), random.nextInt(4), 1 + random.nextInt(40),
                2 + random.nextInt(6), 1 + random.nextInt(20), 500 + random.nextInt(500));
    }

    static List<WorkloadRequest> drain(WorkloadGenerator.ClientStream stream) {
        List<WorkloadRequest> requests = new ArrayList<>();
        while (stream.hasNext()) {
            requests.add(stream.next());
        }
        return requests;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameSeedSameRequests(long seed) {
        WorkloadConfig config = workload(seed);
        WorkloadGenerator first = WorkloadGenerator.create(config, seed);
        WorkloadGenerator second = WorkloadGenerator.create(config, seed);

        assertEquals(first.keys(), second.keys(), () -> "seed=" + seed);
        // Clients are asked in different orders: each stream depends on its index alone.
        List<WorkloadRequest> client1 = drain(first.forClient(1));
        List<WorkloadRequest> client0 = drain(first.forClient(0));
        assertEquals(drain(second.forClient(0)), client0, () -> "seed=" + seed);
        assertEquals(drain(second.forClient(1)), client1, () -> "seed=" + seed);
        assertNotEquals(client0, client1, () -> "two clients sent the same sequence, seed=" + seed);
        assertNotEquals(drain(WorkloadGenerator.create(config, seed + 1).forClient(0)), client0,
                () -> "the next seed sent the same sequence, seed=" + seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void requestsFollowTheWorkloadFile(long seed) {
        WorkloadConfig config = workload(seed);
        WorkloadGenerator generator = WorkloadGenerator.create(config, seed);
        List<WorkloadRequest> requests = drain(generator.forClient(0));

        assertEquals(config.requests(), requests.size(), () -> "seed=" + seed);
        assertEquals(config.keys(), new HashSet<>(generator.keys()).size(), () -> "distinct keys, seed=" + seed);
        for (WorkloadRequest request : requests) {
            String[] words = request.command().split(" ", -1);
            String where = "seed=" + seed + " request=" + request;
            assertEquals(request.readOnly() ? "get" : "update", words[0], where);
            assertEquals(request.readOnly() ? 2 : 3, words.length, where);
            assertTrue(generator.keys().contains(words[1]), where);
            assertEquals(config.keySize(), words[1].length(), where);
            if (!request.readOnly()) {
                assertEquals(config.valueSize(), words[2].length(), where);
            }
            assertTrue(request.delayMs() >= 0 && (request.delayMs() < config.intervalMs() || request.delayMs() == 0), where);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void readShareIsWithinFiveSigmaOfTheFile(long seed) {
        int readsPercent = new SplittableRandom(seed).nextInt(101);
        int requests = 20_000;
        WorkloadConfig config = new WorkloadConfig(readsPercent, 0, 10, 1, 8, requests);
        long reads = drain(WorkloadGenerator.create(config, seed).forClient(0)).stream()
                .filter(WorkloadRequest::readOnly).count();

        double p = readsPercent / 100.0;
        double sigma = Math.sqrt(requests * p * (1 - p));
        // 0 % and 100 % must be exact; otherwise a 5-sigma band fails by chance about once in 1.7 million runs.
        assertTrue(Math.abs(reads - requests * p) <= 5 * sigma,
                () -> "seed=" + seed + " reads=" + reads + " of " + requests + ", expected " + readsPercent + "%");
    }

    @Test
    void tooManyKeysForTheirSizeAreRefused() {
        // 62 single characters exist, so 63 distinct keys of size 1 cannot.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadGenerator.create(new WorkloadConfig(50, 0, 63, 1, 8, 10), 1));
        assertTrue(e.getMessage().contains("keys = 63"), e.getMessage());
        assertEquals(62, WorkloadGenerator.create(new WorkloadConfig(50, 0, 62, 1, 8, 10), 1).keys().size());
    }

    @Test
    void streamEndsAfterItsRequests() {
        WorkloadGenerator.ClientStream stream = WorkloadGenerator.create(new WorkloadConfig(50, 0, 1, 1, 1, 3), 5).forClient(0);
        drain(stream);
        assertThrows(IllegalStateException.class, stream::next);
    }
}
