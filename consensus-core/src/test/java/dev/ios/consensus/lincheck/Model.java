package dev.ios.consensus.lincheck;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sequential specification a history is checked against: a deterministic state machine
 * whose states are compared with {@code equals}/{@code hashCode} (the search memoises them), so
 * states must be immutable values.
 *
 * @param <S> the state: an immutable value with {@code equals} and {@code hashCode}
 * @param <I> an operation's input
 * @param <O> an operation's output
 */
public interface Model<S, I, O> {

    /** The state before any operation. */
    S initialState();

    /**
     * Applies one operation.
     *
     * @param output the answer the client saw, or {@code null} when it is unknown
     * @return the next state if {@code output} is a possible answer to {@code input} in {@code
     *     state}; empty if it is not. For a {@code null} (unknown) output this must always return
     *     the state after applying {@code input}: an unknown answer is never wrong.
     */
    Optional<S> step(S state, I input, O output);

    /**
     * Splits a history into independent sub-histories (e.g. one per key) that are checked
     * separately, which keeps the search small. Linearizability is local: the whole history is
     * linearizable iff every part is, provided no operation's effect or answer depends on state
     * outside its part. Keys name the parts in explanations.
     *
     * <p>The default does not split: one part named {@code "(whole history)"}. An implementation
     * may also drop operations that cannot affect the verdict (e.g. unknown reads).
     */
    default Map<String, List<Operation<I, O>>> partition(List<Operation<I, O>> history) {
        return Map.of("(whole history)", history);
    }
}
