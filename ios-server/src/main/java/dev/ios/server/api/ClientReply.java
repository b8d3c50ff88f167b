package dev.ios.server.api;

/**
 * The answer to a {@link ClientRequest}: exactly one of a closed set of outcomes (STYLE.md §6).
 *
 * @param outcome what happened
 * @param response the state machine's response on {@code SUCCESS}; otherwise words for the client
 * @param masterHint with {@code NOT_MASTER}, the id of the server to try (or -1 if unknown)
 */
public record ClientReply(Outcome outcome, byte[] response, int masterHint) {

    /** The closed set of outcomes a client sees. */
    public enum Outcome {
        /** Applied (or, for a read, answered); {@code response} is the state machine's answer. */
        SUCCESS,
        /** This server does not take requests; try {@code masterHint}. Nothing was applied. */
        NOT_MASTER,
        /** Refused without effect (overloaded, malformed, too large); {@code response} says why. */
        REJECTED,
        /** May or may not have been applied (e.g. the server stepped down); retry with the same ids. */
        INDETERMINATE
    }
}
