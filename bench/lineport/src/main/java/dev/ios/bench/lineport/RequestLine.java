package dev.ios.bench.lineport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One request line of the Ios JSON client protocol (docs/client-protocol.md), as far as the cluster
 * benchmark's load generator uses it: {@code ClientID}, {@code RequestID}, {@code ReadOnly} and
 * {@code Request}. Field names match ignoring case and unknown fields are skipped, as on an Ios
 * server; {@code ForceViewChange} is read past (a Raft leader has no such knob).
 *
 * <p>{@link #parse} never throws: bad input becomes a {@link Bad} the server answers with {@code
 * REJECTED}, so one bad line never closes a connection or stops a server (STYLE.md §6).
 */
public sealed interface RequestLine permits RequestLine.Request, RequestLine.Bad {

    /** The ids of the request, for the answer; 0 where they could not be read. */
    long clientId();

    /** See {@link #clientId()}. */
    long requestId();

    /**
     * A well-formed request.
     *
     * @param readOnly {@code ReadOnly}: the benchmark sets it on {@code get}
     * @param command {@code Request}: a key-value command, parsed later by {@link KvCommand#parse}
     */
    record Request(long clientId, long requestId, boolean readOnly, String command) implements RequestLine {}

    /**
     * A line that is not a request.
     *
     * @param reason what was wrong, for the answer's {@code Response}
     */
    record Bad(long clientId, long requestId, String reason) implements RequestLine {}

    /** Shared: a JsonFactory is thread-safe once configured, and creating one is not cheap. */
    JsonFactory JSON = new JsonFactory();

    /** The request in {@code line} (without its newline), or why it is not one. */
    static RequestLine parse(String line) {
        long clientId = 0;
        long requestId = 0;
        boolean readOnly = false;
        String command = null;
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Bad(0, 0, "not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equalsIgnoreCase("ClientID") && value == JsonToken.VALUE_NUMBER_INT) {
                    clientId = parser.getLongValue();
                } else if (name.equalsIgnoreCase("RequestID") && value == JsonToken.VALUE_NUMBER_INT) {
                    requestId = parser.getLongValue();
                } else if (name.equalsIgnoreCase("ReadOnly") && value.isBoolean()) {
                    readOnly = value == JsonToken.VALUE_TRUE;
                } else if (name.equalsIgnoreCase("Request") && value == JsonToken.VALUE_STRING) {
                    command = parser.getText();
                } else {
                    // Of a field given twice the last counts; an unknown one (or a known one of the wrong
                    // type, which the checks below then report as missing) is skipped whole.
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return new Bad(clientId, requestId, "malformed JSON line");
            }
        } catch (IOException | RuntimeException e) {
            return new Bad(clientId, requestId, "malformed JSON line");
        }
        if (clientId <= 0 || requestId <= 0) {
            return new Bad(clientId, requestId, "ClientID and RequestID must be positive integers");
        }
        if (command == null) {
            return new Bad(clientId, requestId, "no Request");
        }
        return new Request(clientId, requestId, readOnly, command);
    }
}
