package dev.ios.bench.workload;

/**
 * How one request of a workload ended. The first three are the client's closed set of outcomes
 * (STYLE.md §6, docs/client-protocol.md); the last two are the runner's own, for a request the
 * client never answered.
 */
public enum Outcome {
    /** Applied (or read) and answered. */
    SUCCESS,
    /** Refused by the cluster; nothing was applied. */
    REJECTED,
    /** The client gave up; the request may or may not have been applied. */
    INDETERMINATE,
    /** No answer within the runner's request timeout; the request may or may not have been applied. */
    TIMED_OUT,
    /** The client's future failed with an exception (a bug or a closed client). */
    FAILED;

    /** Whether this counts as an error in the summary: everything but {@link #SUCCESS}. */
    public boolean isError() {
        return this != SUCCESS;
    }
}
