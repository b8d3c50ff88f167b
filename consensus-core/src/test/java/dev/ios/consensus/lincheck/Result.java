package dev.ios.consensus.lincheck;

import java.util.List;
import java.util.Optional;

/**
 * The verdict of {@link Linearizability#check}, with what is needed to understand a failure.
 *
 * <p>For {@link Verdict#NOT_LINEARIZABLE} the details describe the smallest failing part of the
 * history; for {@link Verdict#UNKNOWN} the part where the search ran out of steps; for {@link
 * Verdict#LINEARIZABLE} they are empty.
 */
public final class Result<I, O> {

    /** The three outcomes of a bounded search. */
    public enum Verdict {
        /** Every part of the history has a linearization. */
        LINEARIZABLE,
        /** Some part has none: the system broke linearizability. */
        NOT_LINEARIZABLE,
        /** The search hit its step bound before deciding; neither a pass nor a proof of failure. */
        UNKNOWN
    }

    private final Verdict verdict;
    private final String partitionKey;
    private final List<Operation<I, O>> partitionOperations;
    private final List<Operation<I, O>> longestLinearizablePrefix;
    private final String stateAfterPrefix;
    private final int partitionCount;
    private final long searchSteps;

    Result(Verdict verdict, String partitionKey, List<Operation<I, O>> partitionOperations,
            List<Operation<I, O>> longestLinearizablePrefix, String stateAfterPrefix, int partitionCount,
            long searchSteps) {
        this.verdict = verdict;
        this.partitionKey = partitionKey;
        this.partitionOperations = List.copyOf(partitionOperations);
        this.longestLinearizablePrefix = List.copyOf(longestLinearizablePrefix);
        this.stateAfterPrefix = stateAfterPrefix;
        this.partitionCount = partitionCount;
        this.searchSteps = searchSteps;
    }

    /** The verdict. */
    public Verdict verdict() {
        return verdict;
    }

    /** True only if the history is linearizable; false when it is not and when the search gave up. */
    public boolean ok() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /** The key of the part that failed (or where the search gave up); empty if linearizable. */
    public Optional<String> partitionKey() {
        return Optional.ofNullable(partitionKey);
    }

    /** The operations of that part, by call time; empty if linearizable. */
    public List<Operation<I, O>> partitionOperations() {
        return partitionOperations;
    }

    /**
     * The longest sequence of that part's operations the search could linearize, in
     * linearization order; empty if linearizable. The failure lies just after it: no remaining
     * operation can follow it.
     */
    public List<Operation<I, O>> longestLinearizablePrefix() {
        return longestLinearizablePrefix;
    }

    /** The number of parts the model split the history into. */
    public int partitionCount() {
        return partitionCount;
    }

    /** Search steps used over all parts checked. */
    public long searchSteps() {
        return searchSteps;
    }

    /** A multi-line explanation for a test failure message; one line when linearizable. */
    public String explain() {
        var text = new StringBuilder();
        switch (verdict) {
            case LINEARIZABLE:
                return "linearizable (" + partitionCount + " parts, " + searchSteps + " search steps)";
            case NOT_LINEARIZABLE:
                text.append("not linearizable: key '").append(partitionKey).append("' (the smallest failing of ")
                        .append(partitionCount).append(" parts, ").append(partitionOperations.size())
                        .append(" operations)\n");
                break;
            default:
                text.append("unknown: the search gave up after ").append(searchSteps).append(" steps on key '")
                        .append(partitionKey).append("' (").append(partitionOperations.size())
                        .append(" operations); raise the step bound or shorten the history\n");
                break;
        }
        text.append("operations by call time:\n");
        for (Operation<I, O> operation : partitionOperations) {
            text.append("  ").append(operation.describe()).append('\n');
        }
        text.append("longest linearizable prefix (").append(longestLinearizablePrefix.size()).append(" of ")
                .append(partitionOperations.size()).append("):\n");
        for (int i = 0; i < longestLinearizablePrefix.size(); i++) {
            text.append("  ").append(i + 1).append(". ").append(longestLinearizablePrefix.get(i).describe())
                    .append('\n');
        }
        text.append("state after the prefix: ").append(stateAfterPrefix).append('\n');
        if (verdict == Verdict.NOT_LINEARIZABLE) {
            text.append("no linearization exists: the search got furthest with the prefix above, and no remaining"
                    + " operation can follow it\n");
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return explain();
    }
}
