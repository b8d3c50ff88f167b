package dev.ios.server.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ios.config.ServerAddress;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The text of the client protocol ({@code docs/client-protocol.md}): reading Ios JSON requests and
 * writing JSON and plain answer lines. Stateless and thread-safe; nothing here throws for bad input.
 */
final class ClientLines {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();
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
        // A streaming parse (no tree): this runs for every request a server takes.
        JsonFields f = new JsonFields();
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Malformed(0, 0, "malformed request: not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                f.read(p.currentName(), p.nextToken(), p);
            }
            if (t != JsonToken.END_OBJECT) {
                return new Malformed(0, 0, "malformed JSON: the object does not end");
            }
            if (p.nextToken() != null) {
                return new Malformed(0, 0, "malformed JSON: trailing tokens after the object");
            }
        } catch (JsonProcessingException e) {
            return new Malformed(0, 0, "malformed JSON: " + shorten(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            return new Malformed(0, 0, "malformed JSON: " + shorten(e.toString()));
        }
        return f.toRequest();
    }

    /** The fields of one request as the parser meets them; the last of a repeated field wins, as in a tree. */
    private static final class JsonFields {
        private JsonToken clientIdToken;
        private JsonToken requestIdToken;
        private JsonToken requestToken;
        private JsonToken readOnlyToken;
        private JsonToken forceToken;
        private long clientId;
        private long requestId;
        private String request;

        void read(String name, JsonToken value, JsonParser p) throws IOException {
            if (name.equalsIgnoreCase("ClientID")) {
                clientIdToken = idToken(value, p);
                clientId = clientIdToken == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
            } else if (name.equalsIgnoreCase("RequestID")) {
                requestIdToken = idToken(value, p);
                requestId = requestIdToken == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
            } else if (name.equalsIgnoreCase("Request")) {
                requestToken = value;
                request = value == JsonToken.VALUE_STRING ? p.getText() : null;
            } else if (name.equalsIgnoreCase("ReadOnly")) {
                readOnlyToken = value;
            } else if (name.equalsIgnoreCase("ForceViewChange")) {
                forceToken = value;
            }
            p.skipChildren(); // an unknown (or wrongly typed) object or array field is skipped whole
        }

        /** The token, except that an integer beyond a long counts as not an id. */
        private static JsonToken idToken(JsonToken value, JsonParser p) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return JsonToken.VALUE_NUMBER_FLOAT;
            }
            return value;
        }

        JsonRead toRequest() {
            if (clientIdToken != JsonToken.VALUE_NUMBER_INT) {
                return new Malformed(clientId, requestId, "malformed request: ClientID must be an integer");
            }
            if (requestIdToken != JsonToken.VALUE_NUMBER_INT) {
                return new Malformed(clientId, requestId, "malformed request: RequestID must be an integer");
            }
            if (requestToken != JsonToken.VALUE_STRING) {
                return new Malformed(clientId, requestId, "malformed request: Request must be a string");
            }
            if (!isFlag(readOnlyToken) || !isFlag(forceToken)) {
                return new Malformed(clientId, requestId,
                        "malformed request: ReadOnly and ForceViewChange must be booleans");
            }
            return new Parsed(new ClientRequest(clientId, requestId, readOnlyToken == JsonToken.VALUE_TRUE,
                    forceToken == JsonToken.VALUE_TRUE, request.getBytes(StandardCharsets.UTF_8)));
        }

        private static boolean isFlag(JsonToken t) {
            return t == null || t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
        }
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
        // Written by hand around Jackson's string quoting: a generator per answer (its buffers, its
        // stream) showed in the master's profile, and every other field is a number, a boolean or an
        // enum name, which need no escaping. JsonAnswerProperties checks the bytes against Jackson's
        // generator.
        String head = "{\"ClientID\":" + clientId + ",\"RequestID\":" + requestId + ",\"Success\":" + success
                + ",\"Response\":\"";
        String tail = outcome == null ? "\"}" : "\",\"Outcome\":\"" + outcome + "\",\"MasterHint\":" + masterHint + "}";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] quoted = QUOTER.quoteAsUTF8(response);
        byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(headBytes, headBytes.length + quoted.length + tailBytes.length);
        System.arraycopy(quoted, 0, line, headBytes.length, quoted.length);
        System.arraycopy(tailBytes, 0, line, headBytes.length + quoted.length, tailBytes.length);
        return line;
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

    static String reason(ClientReply reply) {
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
