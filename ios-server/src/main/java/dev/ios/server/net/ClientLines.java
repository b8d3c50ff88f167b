package dev.ios.server.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ios.config.ServerAddress;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The text of the client protocol ({@code docs/client-protocol.md}): reading Ios JSON requests and
 * writing JSON and plain answer lines. Stateless and thread-safe; nothing here throws for bad input.
 */
final class ClientLines {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final int REASON_CHARS_MAX = 200;

    private ClientLines() {}

    /** A JSON line read: either a request or why it is not one (with the ids that could be read). */
    sealed interface JsonRead permits Parsed, Malformed {}

    /** A well-formed request. */
    record Parsed(ClientRequest request) implements JsonRead {}

    /** Not a request; answer REJECTED with these ids (0 where unreadable) and {@code reason}. */
    record Malformed(long clientId, long requestId, String reason) implements JsonRead {}

    /**
     * Reads an Ios JSON request. Field names match case-insensitively, as Go's {@code encoding/json}
     * (which Ios's server used) matches them; unknown fields are ignored. {@code ClientID},
     * {@code RequestID} and {@code Request} are required; {@code ReadOnly} and {@code
     * ForceViewChange} default to false.
     */
    static JsonRead readJson(byte[] line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new Malformed(0, 0, "malformed JSON: " + shorten(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            return new Malformed(0, 0, "malformed JSON: " + shorten(e.toString()));
        }
        if (root == null || !root.isObject()) {
            return new Malformed(0, 0, "malformed request: not a JSON object");
        }
        JsonNode clientId = null;
        JsonNode requestId = null;
        JsonNode request = null;
        JsonNode readOnly = null;
        JsonNode forceViewChange = null;
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if (name.equalsIgnoreCase("ClientID")) {
                clientId = field.getValue();
            } else if (name.equalsIgnoreCase("RequestID")) {
                requestId = field.getValue();
            } else if (name.equalsIgnoreCase("Request")) {
                request = field.getValue();
            } else if (name.equalsIgnoreCase("ReadOnly")) {
                readOnly = field.getValue();
            } else if (name.equalsIgnoreCase("ForceViewChange")) {
                forceViewChange = field.getValue();
            }
        }
        long client = isId(clientId) ? clientId.longValue() : 0;
        long id = isId(requestId) ? requestId.longValue() : 0;
        if (!isId(clientId)) {
            return new Malformed(client, id, "malformed request: ClientID must be an integer");
        }
        if (!isId(requestId)) {
            return new Malformed(client, id, "malformed request: RequestID must be an integer");
        }
        if (request == null || !request.isTextual()) {
            return new Malformed(client, id, "malformed request: Request must be a string");
        }
        if (!isFlag(readOnly) || !isFlag(forceViewChange)) {
            return new Malformed(client, id, "malformed request: ReadOnly and ForceViewChange must be booleans");
        }
        boolean ro = readOnly != null && readOnly.booleanValue();
        boolean force = forceViewChange != null && forceViewChange.booleanValue();
        byte[] command = request.textValue().getBytes(StandardCharsets.UTF_8);
        return new Parsed(new ClientRequest(client, id, ro, force, command));
    }

    private static boolean isId(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong();
    }

    private static boolean isFlag(JsonNode node) {
        return node == null || node.isNull() || node.isBoolean();
    }

    /**
     * The JSON answer line (without newline): {@code ClientID}, {@code RequestID}, {@code
     * Success}, {@code Response}, and on failure {@code Outcome} and {@code MasterHint}.
     */
    static byte[] jsonAnswer(long clientId, long requestId, ClientReply reply) {
        boolean success = reply.outcome() == ClientReply.Outcome.SUCCESS;
        String response = success ? utf8(reply.response()) : reason(reply);
        int hint = reply.outcome() == ClientReply.Outcome.NOT_MASTER ? reply.masterHint() : -1;
        return json(clientId, requestId, success, response, success ? null : reply.outcome().name(), hint);
    }

    /** The JSON line for a request refused here, before reaching the runtime. */
    static byte[] jsonRejected(long clientId, long requestId, String reason) {
        return json(clientId, requestId, false, reason, ClientReply.Outcome.REJECTED.name(), -1);
    }

    private static byte[] json(long clientId, long requestId, boolean success, String response, String outcome,
            int masterHint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + response.length());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("ClientID", clientId);
            g.writeNumberField("RequestID", requestId);
            g.writeBooleanField("Success", success);
            g.writeStringField("Response", response);
            if (outcome != null) {
                g.writeStringField("Outcome", outcome);
                g.writeNumberField("MasterHint", masterHint);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * The plain answer line (without newline): the response with {@code \} and newline escaped, or
     * a line starting with {@code ERROR }; a NOT_MASTER error names the master and its client
     * address when known.
     */
    static byte[] plainAnswer(ClientReply reply, List<ServerAddress> servers) {
        switch (reply.outcome()) {
            case SUCCESS:
                return escapePlain(utf8(reply.response())).getBytes(StandardCharsets.UTF_8);
            case NOT_MASTER: {
                int hint = reply.masterHint();
                String where = hint >= 0 && hint < servers.size()
                        ? "try server " + hint + " at " + servers.get(hint).hostForUri() + ":"
                                + servers.get(hint).clientPort()
                        : "master unknown, try another server";
                return plainError("not the master; " + where);
            }
            case REJECTED:
                return plainError("rejected: " + reason(reply));
            case INDETERMINATE:
            default:
                return plainError("indeterminate: " + reason(reply) + " (it may have been applied)");
        }
    }

    /** {@code ERROR <text>}, escaped like a response. */
    static byte[] plainError(String text) {
        return ("ERROR " + escapePlain(text)).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code \} as {@code \\} and a newline as {@code \n}, so one answer is one line. */
    static String escapePlain(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String reason(ClientReply reply) {
        String text = reply.response() == null ? "" : utf8(reply.response());
        if (!text.isEmpty()) {
            return text;
        }
        switch (reply.outcome()) {
            case NOT_MASTER:
                return "not the master";
            case REJECTED:
                return "rejected";
            case INDETERMINATE:
                return "indeterminate";
            default:
                return "";
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String shorten(String text) {
        String oneLine = String.valueOf(text).replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= REASON_CHARS_MAX ? oneLine : oneLine.substring(0, REASON_CHARS_MAX) + "...";
    }
}
