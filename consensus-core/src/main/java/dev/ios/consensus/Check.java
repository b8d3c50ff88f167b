package dev.ios.consensus;

/**
 * Always-on invariant checks (STYLE.md §5). Java's {@code assert} is off by default, so the core
 * uses these instead. A violation throws {@link InvariantViolation}, an {@link Error} that only the
 * runtime catches: it logs and halts that server, because a lost server is better than replicas
 * that silently diverge. Primitive overloads keep hot paths from boxing.
 */
public final class Check {

    private Check() {}

    /** Thrown when an invariant does not hold: a programmer error, never bad input. */
    public static final class InvariantViolation extends Error {
        InvariantViolation(String message) {
            super(message);
        }
    }

    /** Checks {@code condition}; the message names the invariant. */
    public static void that(boolean condition, String invariant) {
        if (!condition) {
            throw new InvariantViolation("invariant violated: " + invariant);
        }
    }

    /** Checks {@code condition}; the message names the invariant and the two values compared. */
    public static void that(boolean condition, String invariant, long a, long b) {
        if (!condition) {
            throw new InvariantViolation("invariant violated: " + invariant + " (" + a + ", " + b + ")");
        }
    }
}
