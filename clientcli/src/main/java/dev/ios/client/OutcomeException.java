package dev.ios.client;

/**
 * Thrown by the synchronous helpers of {@link IosClient} when a request did not end in {@link
 * Outcome.Success}. Checked, because a rejected or indeterminate request is an expected outcome
 * the caller must handle.
 */
public final class OutcomeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Outcome outcome;

    /** Wraps a {@link Outcome.Rejected} or {@link Outcome.Indeterminate} outcome. */
    public OutcomeException(Outcome outcome) {
        super(describe(outcome));
        if (outcome instanceof Outcome.Success) {
            throw new IllegalArgumentException("a success is not an exception");
        }
        this.outcome = outcome;
    }

    /** The outcome: {@link Outcome.Rejected} or {@link Outcome.Indeterminate}, never a success. */
    public Outcome outcome() {
        return outcome;
    }

    /** One line for people, e.g. {@code rejected: overloaded}. */
    static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.Rejected rejected) {
            return "rejected: " + rejected.reason();
        }
        if (outcome instanceof Outcome.Indeterminate gaveUp) {
            return "indeterminate (" + gaveUp.why().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (gaveUp.maybeApplied() ? ", may have been applied" : ", not applied") + "): " + gaveUp.detail();
        }
        return "success: " + ((Outcome.Success) outcome).response();
    }
}
