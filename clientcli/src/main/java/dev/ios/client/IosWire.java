package dev.ios.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ios's JSON lines as {@code docs/client-protocol.md} defines them: requests out, answers in.
 * Stateless and thread-safe; {@link #decode} never throws.
 */
final class IosWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a server said about one request. */
    enum Kind { SUCCESS, NOT_MASTER, REJECTED, INDETERMINATE }

    /** One decoded answer line; {@code masterHint} is -1 when unknown. */
    record Answer(long clientId, long requestId, Kind kind, String response, int masterHint) {}

    private IosWire() {}

    /** The request line, without its newline, with Ios's field names in Ios's order. */
    static String encode(long clientId, long requestId, boolean forceViewChange, boolean readOnly, String request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ClientID", clientId);
        node.put("RequestID", requestId);
        node.put("ForceViewChange", forceViewChange);
        node.put("ReadOnly", readOnly);
        node.put("Request", request);
        return node.toString();
    }

    /**
     * The answer in {@code line}, or null if it is not an answer (not JSON, missing ids). A {@code
     * "Success":false} answer without an {@code Outcome} (an original Ios server) reads as {@link
     * Kind#NOT_MASTER} with no hint, which is what Ios's servers meant by it.
     */
    static Answer decode(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) { // Jackson's checked and unchecked failures alike: not an answer.
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode clientId = node.get("ClientID");
        JsonNode requestId = node.get("RequestID");
        JsonNode success = node.get("Success");
        if (clientId == null || !clientId.canConvertToLong() || requestId == null || !requestId.canConvertToLong()
                || success == null || !success.isBoolean()) {
            return null;
        }
        JsonNode responseNode = node.get("Response");
        String response = responseNode != null && responseNode.isTextual() ? responseNode.asText() : "";
        JsonNode hintNode = node.get("MasterHint");
        int hint = hintNode != null && hintNode.canConvertToInt() ? hintNode.asInt() : -1;
        Kind kind;
        if (success.asBoolean()) {
            kind = Kind.SUCCESS;
        } else {
            JsonNode outcome = node.get("Outcome");
            // An original Ios server sends no Outcome: its Success:false meant "not the master".
            String name = outcome != null && outcome.isTextual() ? outcome.asText() : "NOT_MASTER";
            if ("NOT_MASTER".equals(name)) {
                kind = Kind.NOT_MASTER;
            } else if ("REJECTED".equals(name)) {
                kind = Kind.REJECTED;
            } else {
                // INDETERMINATE, or an outcome this client does not know: assume it may have applied.
                kind = Kind.INDETERMINATE;
            }
        }
        return new Answer(clientId.asLong(), requestId.asLong(), kind, response, hint);
    }
}
