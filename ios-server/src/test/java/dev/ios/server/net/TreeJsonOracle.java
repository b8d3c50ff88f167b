package dev.ios.server.net;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON request rules of docs/client-protocol.md, written the slow, obvious way (every field's
 * value as a tree; as in Go's encoding/json, the last field whose name matches, ignoring case,
 * wins — a plain ObjectNode would keep the first position of differently-cased duplicates): the
 * oracle the streaming {@link ClientLines#readJson} is compared with. Returns a canonical string:
 * {@code ok <ClientID> <RequestID> <ReadOnly> <Force> <Request>} or {@code bad <ClientID> <RequestID>}.
 */
final class TreeJsonOracle {

    // Reads one field's value at a time, so trailing tokens are checked here, not by the mapper.
    private static final ObjectMapper JSON = new ObjectMapper();

    private TreeJsonOracle() {}

    static String read(byte[] line) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "bad 0 0";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.add(Map.entry(name, JSON.readTree(p)));
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return "bad 0 0";
            }
        } catch (Exception e) {
            return "bad 0 0";
        }
        JsonNode clientId = null;
        JsonNode requestId = null;
        JsonNode request = null;
        JsonNode readOnly = null;
        JsonNode force = null;
        for (Map.Entry<String, JsonNode> field : fields) {
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
                force = field.getValue();
            }
        }
        long client = isId(clientId) ? clientId.longValue() : 0;
        long id = isId(requestId) ? requestId.longValue() : 0;
        if (!isId(clientId) || !isId(requestId) || request == null || !request.isTextual() || !isFlag(readOnly)
                || !isFlag(force)) {
            return "bad " + client + " " + id;
        }
        return "ok " + client + " " + id + " " + (readOnly != null && readOnly.booleanValue()) + " "
                + (force != null && force.booleanValue()) + " " + request.textValue();
    }

    /** The same canonical string for what the production reader returned. */
    static String canonical(ClientLines.JsonRead read) {
        if (read instanceof ClientLines.Malformed m) {
            return "bad " + m.clientId() + " " + m.requestId();
        }
        var r = ((ClientLines.Parsed) read).request();
        return "ok " + r.clientId() + " " + r.requestId() + " " + r.readOnly() + " " + r.forceViewChange() + " "
                + new String(r.command(), StandardCharsets.UTF_8);
    }

    private static boolean isId(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong();
    }

    private static boolean isFlag(JsonNode node) {
        return node == null || node.isNull() || node.isBoolean();
    }
}
