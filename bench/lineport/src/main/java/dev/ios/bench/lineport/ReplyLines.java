package dev.ios.bench.lineport;

/**
 * Answer lines of the Ios JSON client protocol (docs/client-protocol.md): a success with the
 * key-value store's response, or a failure with the {@code Outcome} and {@code MasterHint} the
 * benchmark's client reads (it follows a {@code NOT_MASTER} hint, and counts every failure).
 */
public final class ReplyLines {

    private ReplyLines() {}

    /** {@code Success:true} with {@code response}. */
    public static String success(long clientId, long requestId, String response) {
        return prefix(clientId, requestId).append("\"Success\":true,\"Response\":").append(quote(response)).append('}')
                .toString();
    }

    /** Nothing was applied: this peer is not the Raft leader; {@code leaderHint} is the leader's id, -1 if unknown. */
    public static String notMaster(long clientId, long requestId, int leaderHint) {
        return failure(clientId, requestId, "not the master", "NOT_MASTER", leaderHint);
    }

    /** Nothing was applied: the request is malformed, unsupported or the node is busy. */
    public static String rejected(long clientId, long requestId, String reason) {
        return failure(clientId, requestId, reason, "REJECTED", -1);
    }

    /** The command may or may not have been applied (e.g. the leader stepped down with it in flight). */
    public static String indeterminate(long clientId, long requestId, String reason, int leaderHint) {
        return failure(clientId, requestId, reason, "INDETERMINATE", leaderHint);
    }

    private static String failure(long clientId, long requestId, String response, String outcome, int hint) {
        return prefix(clientId, requestId).append("\"Success\":false,\"Response\":").append(quote(response))
                .append(",\"Outcome\":\"").append(outcome).append("\",\"MasterHint\":").append(hint).append('}').toString();
    }

    private static StringBuilder prefix(long clientId, long requestId) {
        return new StringBuilder(64).append("{\"ClientID\":").append(clientId).append(",\"RequestID\":").append(requestId)
                .append(',');
    }

    /** A JSON string: quotes, backslashes and control characters escaped, so an answer is always one line. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
