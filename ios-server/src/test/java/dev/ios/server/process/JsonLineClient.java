package dev.ios.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal Ios JSON line client for process tests: one connection per call, bounded by a timeout. */
final class JsonLineClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer. {@code outcome} is null on success (Ios's fields only). */
    record Reply(long clientId, long requestId, boolean success, String response, String outcome, int masterHint) {}

    private JsonLineClient() {}

    /** Sends one request to {@code port} on 127.0.0.1 and waits at most {@code timeoutMs} for the answer. */
    static Reply call(int port, long clientId, long requestId, String command, boolean readOnly, int timeoutMs)
            throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("ClientID", clientId);
        request.put("RequestID", requestId);
        request.put("ForceViewChange", false);
        request.put("ReadOnly", readOnly);
        request.put("Request", command);
        String answer = exchange(port, JSON.writeValueAsString(request), timeoutMs);
        JsonNode node = JSON.readTree(answer);
        return new Reply(node.path("ClientID").asLong(), node.path("RequestID").asLong(),
                node.path("Success").asBoolean(), node.path("Response").asText(),
                node.has("Outcome") ? node.get("Outcome").asText() : null, node.path("MasterHint").asInt(-1));
    }

    /** Sends one raw line and returns the one-line answer. */
    static String exchange(int port, String line, int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (answer == null) {
                throw new IOException("connection closed without an answer");
            }
            return answer;
        }
    }
}
