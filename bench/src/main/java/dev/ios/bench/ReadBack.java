package dev.ios.bench;

import dev.ios.bench.workload.History;
import dev.ios.bench.workload.KvClient;
import dev.ios.bench.workload.KvResult;
import dev.ios.bench.workload.Outcome;
import dev.ios.bench.workload.PendingRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code -check}'s reads of every key of the workload, one at a time, before the run (what earlier
 * runs left) and after it (every acknowledged write must still be there).
 */
final class ReadBack {

    private ReadBack() {}

    /**
     * Reads every key before the run into {@code history} as the values it began with. Returns null,
     * or why a read failed (then the check cannot start).
     */
    static String before(KvClient client, List<String> keys, Duration timeout, History history) throws InterruptedException {
        for (String key : keys) {
            long invokeNs = System.nanoTime();
            KvResult result = get(client, key, timeout);
            if (result.outcome() != Outcome.SUCCESS) {
                return "read of " + key + " before the run ended " + result.outcome() + ": " + result.response();
            }
            history.recordInitial(key, result.response(), invokeNs);
        }
        return null;
    }

    /** Reads every key after the run into {@code history}, as reads of worker -1; returns null or why one failed. */
    static String after(KvClient client, List<String> keys, Duration timeout, History history) throws InterruptedException {
        for (String key : keys) {
            long invokeNs = System.nanoTime();
            KvResult result = get(client, key, timeout);
            history.record(-1, "get " + key, result.response(), invokeNs, System.nanoTime(), result.outcome());
            if (result.outcome() != Outcome.SUCCESS) {
                return "read-back of " + key + " after the run ended " + result.outcome() + ": " + result.response();
            }
        }
        return null;
    }

    private static KvResult get(KvClient client, String key, Duration timeout) throws InterruptedException {
        PendingRequest pending = client.submit("get " + key, true);
        try {
            return pending.reply().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new KvResult(Outcome.TIMED_OUT, "no answer within " + timeout, 0);
        } catch (ExecutionException e) {
            return new KvResult(Outcome.FAILED, String.valueOf(e.getCause()), 0);
        }
    }
}
