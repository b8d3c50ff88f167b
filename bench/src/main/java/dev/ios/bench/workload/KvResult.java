package dev.ios.bench.workload;

/**
 * A client's answer to one request.
 *
 * @param outcome how it ended: {@link Outcome#SUCCESS}, {@link Outcome#REJECTED} or {@link
 *     Outcome#INDETERMINATE} (the runner's own outcomes never come from a client)
 * @param response the key-value store's response ({@code OK}, {@code key not found}, a value), or
 *     the reason for a failure
 * @param tries the failed attempts before the last one, Ios's meaning of the {@code tries} column:
 *     0 when the first attempt succeeded
 * @param requestId the request id the request was really sent with, when the client knows it only
 *     at the answer ({@link IosKvClient}); 0 when unknown, and then {@link PendingRequest#requestId()} stands
 */
public record KvResult(Outcome outcome, String response, int tries, long requestId) {

    /** Checks the fields: a null outcome or response, or negative tries, is a programmer error. */
    public KvResult {
        if (outcome == null || response == null) {
            throw new IllegalArgumentException("outcome and response must not be null");
        }
        if (tries < 0) {
            throw new IllegalArgumentException("tries must be >= 0, was " + tries);
        }
        if (requestId < 0) {
            throw new IllegalArgumentException("requestId must be >= 0, was " + requestId);
        }
    }

    /** An answer whose request id is the one {@link PendingRequest} gave. */
    public KvResult(Outcome outcome, String response, int tries) {
        this(outcome, response, tries, 0);
    }

    /** A successful answer at the first attempt. */
    public static KvResult success(String response) {
        return new KvResult(Outcome.SUCCESS, response, 0);
    }
}
