package dev.ios.consensus.sim;

/**
 * One client operation as the client saw it. {@code output} is null and {@code returnTime} is
 * {@link Long#MAX_VALUE} if no answer came (the outcome is unknown: it may or may not have applied).
 */
public record HistoryOp(int clientId, long callTime, long returnTime, String input, String output) {

    /** True if the client got an answer. */
    public boolean completed() {
        return output != null;
    }
}
