package dev.ios.consensus.replica;

/**
 * An answer to a client that the core gives itself, without applying anything. Successful answers
 * come from the state machine when the runtime applies an entry whose request originated here.
 *
 * @param kind why the request was not taken
 * @param masterHint the server the client should try, or {@code -1} if unknown
 * @param reason words for the client and the log
 */
public record ClientOutcome(long clientId, long requestId, Kind kind, int masterHint, String reason) {

    /** The closed set of non-success outcomes the core produces (STYLE.md §6). */
    public enum Kind {
        /** This server is not the master and does not forward ({@code participantHandle = false}). */
        NOT_MASTER,
        /** Refused without effect, e.g. the master's queue is full; safe to retry. */
        REJECTED,
        /** The request may or may not take effect (the master stepped down); retry with the same id. */
        INDETERMINATE
    }
}
