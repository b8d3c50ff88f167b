package dev.ios.client;

import java.util.Objects;

/**
 * How one request ended: the closed set of outcomes of STYLE.md §6, as seen by a caller.
 *
 * <ul>
 *   <li>{@link Success}: a server applied (or read) the command and answered; the response is the
 *       state machine's string ({@code OK}, {@code key not found}, {@code 1}, ...).
 *   <li>{@link Rejected}: nothing was applied and nothing will be: the request was malformed, too
 *       large, the server was overloaded, or the client refused it locally (a line that is not a
 *       command, too many requests in flight).
 *   <li>{@link Indeterminate}: the client gave up; the request may or may not have been applied
 *       ({@link Indeterminate#maybeApplied()} says whether any attempt could have reached a server).
 * </ul>
 *
 * <p>"Not the master" is not here: the client follows the master hint itself and a caller never
 * sees it. Records are immutable and safe from any thread.
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Rejected, Outcome.Indeterminate {

    /** The request id the request was sent with (0 if it was refused before getting one). */
    long requestId();

    /** How many times the request was sent (0 if it never left the client). */
    int tries();

    /** True for {@link Success}. */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /**
     * The server applied the command once and answered.
     *
     * @param response the state machine's answer, never null (may be empty: {@code print} of an
     *     empty store)
     */
    record Success(String response, long requestId, int tries) implements Outcome {
        /** A null response is a programmer error. */
        public Success {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Nothing was applied and nothing will be.
     *
     * @param reason one line saying why, e.g. {@code overloaded} or {@code request not recognised:
     *     get takes 1 argument (get <key>), got 2}
     */
    record Rejected(String reason, long requestId, int tries) implements Outcome {
        /** A null reason is a programmer error. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The client gave up without a definite answer.
     *
     * @param why which bound was reached
     * @param detail one line for people, e.g. {@code no answer within 500 ms from 127.0.0.1:8080}
     * @param maybeApplied false only when no attempt can have been applied (e.g. no server ever
     *     accepted the connection); when true the request may have been applied once (never twice)
     */
    record Indeterminate(Why why, String detail, long requestId, int tries, boolean maybeApplied)
            implements Outcome {
        /** Null fields are a programmer error. */
        public Indeterminate {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a request ended {@link Indeterminate}. */
    enum Why {
        /** It was sent {@code triesMax} times without a definite answer. */
        TRIES_EXHAUSTED,
        /** Its total deadline passed. */
        DEADLINE,
        /**
         * Every server refused or timed out the connection, {@code connectRoundsMax} rounds in a
         * row: no Ios server is reachable.
         */
        UNREACHABLE,
        /**
         * A retry was answered "stale request": the server's session for this client has moved on to
         * a later request (pipelining), so this one's answer is lost. It may have been applied
         * earlier; it will never be applied later.
         */
        SESSION_MOVED_ON,
        /**
         * A retry was rejected (e.g. the server was overloaded) after an earlier attempt may have
         * been applied.
         */
        RETRY_REJECTED,
        /** The client was closed while the request was pending. */
        CLOSED
    }
}
