package dev.ios.server;

import dev.ios.server.api.ClientReply;

/**
 * Why an {@link IosNode#submit} did not succeed: one of the non-success outcomes of the closed set
 * (STYLE.md §6). {@link #outcome()} says whether retrying is safe: after {@code NOT_MASTER} and
 * {@code REJECTED} nothing was applied; after {@code INDETERMINATE} the command may have been.
 */
public final class IosRequestException extends RuntimeException {

    private final ClientReply.Outcome outcome;
    private final int masterHint;

    IosRequestException(ClientReply.Outcome outcome, String message, int masterHint) {
        super(outcome + ": " + message);
        this.outcome = outcome;
        this.masterHint = masterHint;
    }

    /** {@code NOT_MASTER}, {@code REJECTED} or {@code INDETERMINATE}. */
    public ClientReply.Outcome outcome() {
        return outcome;
    }

    /** With {@code NOT_MASTER}: the server id to try; otherwise -1. */
    public int masterHint() {
        return masterHint;
    }
}
