package dev.ios.consensus.lincheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks client histories for linearizability against a {@link Model}.
 *
 * <p>Usage (from the simulator or a test on real processes):
 *
 * <pre>{@code
 * var result = Linearizability.check(history, KvModel.INSTANCE);
 * assertTrue(result.ok(), () -> "seed=" + seed + "\n" + result.explain());
 * }</pre>
 *
 * <p>The model splits the history into parts (per key for {@link KvModel}); parts are checked
 * smallest first by {@link WingGongSearch} and the check stops at the first that fails, so the
 * explanation shows the smallest failing part. The whole check is bounded by a number of search
 * steps (one step tries one operation or undoes one choice, a microsecond or a few), after which
 * the verdict is {@link Result.Verdict#UNKNOWN}: a pathological history cannot hang a build.
 *
 * <p>Cost: checking linearizability is NP-complete, and unknown outcomes are what make it expensive
 * in practice. Passing histories are cheap (a few thousand steps for hundreds of operations per
 * key, with or without unknown outcomes). Refuting one where a key has many unknown writes is not:
 * each may take effect at any later point or never, so the search may explore every subset of
 * them and end {@code UNKNOWN}. Measured with the default bound, 300 operations on one key by 5
 * clients with one corrupted read: 2% unknown, never; 5%, one history in 25; 10%, one in four.
 * Keep unknown outcomes rare (clients retry with the same request id until answered) and spread
 * operations over many keys.
 *
 * <p>Pure and single-threaded; a model instance may be shared by concurrent checks if it is
 * stateless.
 */
public final class Linearizability {

    /**
     * The default bound on search steps for one check: a few seconds and a few hundred megabytes
     * at worst (each explored configuration is remembered). Linearizable histories of a few
     * hundred operations per key need thousands of steps; refuting one with a few unknown
     * outcomes, up to a few hundred thousand.
     */
    public static final long SEARCH_STEPS_MAX_DEFAULT = 2_000_000;

    private Linearizability() {}

    /** {@link #check(List, Model, long)} with {@link #SEARCH_STEPS_MAX_DEFAULT}. */
    public static <S, I, O> Result<I, O> check(List<Operation<I, O>> history, Model<S, I, O> model) {
        return check(history, model, SEARCH_STEPS_MAX_DEFAULT);
    }

    /**
     * Decides whether {@code history} is linearizable with respect to {@code model}.
     *
     * @param history every operation clients invoked, in any order; unknown outcomes included as
     *     {@link Operation#unknown}; not modified
     * @param searchStepsMax the bound on search steps over all parts, at least 1
     * @return {@code LINEARIZABLE}, {@code NOT_LINEARIZABLE} with the smallest failing part, or
     *     {@code UNKNOWN} if the bound was reached first
     * @throws IllegalStateException if the model refuses an unknown output (a broken model)
     */
    public static <S, I, O> Result<I, O> check(List<Operation<I, O>> history, Model<S, I, O> model,
            long searchStepsMax) {
        Objects.requireNonNull(model, "model");
        history.forEach(operation -> Objects.requireNonNull(operation, "operation in history"));
        if (searchStepsMax < 1) {
            throw new IllegalArgumentException("searchStepsMax must be at least 1, was " + searchStepsMax);
        }
        Map<String, List<Operation<I, O>>> partitions = model.partition(List.copyOf(history));
        List<Map.Entry<String, List<Operation<I, O>>>> ordered = new ArrayList<>(partitions.entrySet());
        // Smallest first: cheap parts are decided before an expensive one can use up the bound,
        // and the first failure found is the smallest (ties broken by key, for stable output).
        ordered.sort(Comparator.<Map.Entry<String, List<Operation<I, O>>>>comparingInt(e -> e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        long stepsUsed = 0;
        for (Map.Entry<String, List<Operation<I, O>>> partition : ordered) {
            List<Operation<I, O>> operations = byCallTime(partition.getValue());
            var outcome = new WingGongSearch<>(operations, model, searchStepsMax - stepsUsed).run();
            stepsUsed += outcome.steps();
            if (!outcome.decided() || !outcome.linearizable()) {
                Result.Verdict verdict = outcome.decided() ? Result.Verdict.NOT_LINEARIZABLE : Result.Verdict.UNKNOWN;
                return new Result<>(verdict, partition.getKey(), operations, outcome.longestPrefix(),
                        outcome.stateAfterPrefix(), partitions.size(), stepsUsed);
            }
        }
        return new Result<>(Result.Verdict.LINEARIZABLE, null, List.of(), List.of(), "", partitions.size(),
                stepsUsed);
    }

    private static <I, O> List<Operation<I, O>> byCallTime(List<Operation<I, O>> operations) {
        List<Operation<I, O>> sorted = new ArrayList<>(operations);
        sorted.sort(Comparator.comparingLong(Operation<I, O>::callTime).thenComparingLong(Operation::returnTime));
        return sorted;
    }
}
