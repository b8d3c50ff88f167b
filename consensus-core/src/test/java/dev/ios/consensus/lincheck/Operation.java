package dev.ios.consensus.lincheck;

import java.util.Objects;

/**
 * One client operation in a history: invoked at {@code callTime}, answered with {@code output}
 * at {@code returnTime}. Times are any consistent clock (simulator ticks, nanoseconds); only their
 * order matters. Operation {@code a} precedes {@code b} in real time iff {@code a.returnTime() <
 * b.callTime()}; equal times count as concurrent.
 *
 * <p>An <em>unknown</em> operation (the client timed out, crashed, or got an indeterminate
 * answer) has {@code returnTime == }{@link #NEVER} and a {@code null} output: it may have taken
 * effect at any moment after its call, or never, and any output is accepted. Build it with
 * {@link #unknown}. Every other operation has a non-null output. A request retried with the same
 * request id is one operation, from its first send to its final answer.
 *
 * @param clientId who invoked it; used only in explanations
 * @param input what the client asked, interpreted by the {@link Model}; not null
 * @param output the answer, or {@code null} exactly when the operation is unknown
 */
public record Operation<I, O>(int clientId, long callTime, long returnTime, I input, O output) {

    /** The return time of an operation whose answer never came. */
    public static final long NEVER = Long.MAX_VALUE;

    /**
     * Validates the operation.
     *
     * @throws IllegalArgumentException if {@code returnTime < callTime}, {@code callTime} is
     *     {@link #NEVER}, or the output is null for a known operation or non-null for an unknown one
     * @throws NullPointerException if {@code input} is null
     */
    public Operation {
        Objects.requireNonNull(input, "input");
        if (callTime == NEVER || returnTime < callTime) {
            throw new IllegalArgumentException("need callTime <= returnTime and callTime < NEVER, was ["
                    + callTime + ", " + returnTime + "] for " + input);
        }
        if ((returnTime == NEVER) != (output == null)) {
            throw new IllegalArgumentException("output must be null exactly when returnTime is NEVER (unknown), was "
                    + output + " returning at " + returnTime + " for " + input);
        }
    }

    /** An operation whose answer never came: it may take effect at any time after {@code callTime}, or never. */
    public static <I, O> Operation<I, O> unknown(int clientId, long callTime, I input) {
        return new Operation<>(clientId, callTime, NEVER, input, null);
    }

    /** True if the answer never came. */
    public boolean isUnknown() {
        return returnTime == NEVER;
    }

    /** One line for explanations, e.g. {@code client 2 [10, 14] get A -> 1}. */
    public String describe() {
        String interval = "[" + callTime + ", " + (isUnknown() ? "never" : Long.toString(returnTime)) + "]";
        String answer = isUnknown() ? "(unknown)" : quoteIfBlank(String.valueOf(output));
        return "client " + clientId + " " + interval + " " + input + " -> " + answer;
    }

    private static String quoteIfBlank(String text) {
        return text.isBlank() || text.contains("\n") ? "'" + text.replace("\n", "\\n") + "'" : text;
    }
}
