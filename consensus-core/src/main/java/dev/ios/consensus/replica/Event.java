package dev.ios.consensus.replica;

/**
 * Something worth a log line or a metric. The core never logs (STYLE.md §7): it emits events and
 * the runtime logs them with the server id and view.
 */
public record Event(Kind kind, long view, long index, String detail) {

    /** What happened. */
    public enum Kind {
        /** This server adopted a higher view (and stepped down if it led). */
        VIEW_ADOPTED,
        /** This server started a view change as the new master's candidate. */
        VIEW_CHANGE_STARTED,
        /** Recovery finished: this server is the master of {@code view}. */
        BECAME_MASTER,
        /** The master gave an index to another coordinator because the first did not finish. */
        REDELEGATED,
        /** Input dropped (stale or malformed); the detail says why. */
        DROPPED,
        /** The server asked a peer for entries or a snapshot. */
        CATCH_UP
    }
}
