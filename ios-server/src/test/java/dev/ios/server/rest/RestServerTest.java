package dev.ios.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.api.ServerStatus;
import dev.ios.server.metrics.Metrics;
import dev.ios.server.net.NettyLoops;
import dev.ios.server.net.KvGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each REST endpoint and error status over real HTTP (the JDK's client and raw sockets) against a fake gateway. */
class RestServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerStatus STATUS = new ServerStatus(1, 4, 1, "MASTER", 17, 17, 20,
            List.of(new ServerStatus.Peer(0, "127.0.0.1:8090", true), new ServerStatus.Peer(2, "127.0.0.1:8092", false)));

    private final NettyLoops loops = NettyLoops.create("rest-test", 1);
    private final Metrics metrics = new Metrics();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        loops.close();
    }

    private void start(ClientGateway gateway, int requestTimeoutMs) {
        server = new RestServer(1, gateway, () -> STATUS, metrics,
                new RestOptions(new InetSocketAddress("127.0.0.1", 0), 1024, requestTimeoutMs), loops);
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void kvPutGetDelete() throws Exception {
        KvGateway gateway = new KvGateway();
        start(gateway, 5000);
        assertEquals("OK", json(call("PUT", "/kv/A", "hello world"), 200).get("response").asText());
        JsonNode got = json(call("GET", "/kv/A", null), 200);
        assertEquals("A", got.get("key").asText());
        assertEquals("hello world", got.get("value").asText());
        // A value that reads like the store's "not found" answer is still a value.
        json(call("PUT", "/kv/my%20key", "key not found"), 200);
        assertEquals("key not found", json(call("GET", "/kv/my%20key", null), 200).get("value").asText());
        json(call("DELETE", "/kv/A", null), 200);
        JsonNode missing = json(call("GET", "/kv/A", null), 404);
        assertEquals("key not found", missing.get("error").asText());
        // Every REST request carried the server's REST client id and increasing request ids.
        long previous = 0;
        for (var r : gateway.seen()) {
            assertEquals(server.clientId(), r.clientId());
            assertTrue(r.requestId() > previous);
            previous = r.requestId();
        }
    }

    @Test
    void gatewayForm() throws Exception {
        start(new KvGateway(), 5000);
        assertEquals("OK", json(call("GET", "/request/update/A/1", null), 200).get("response").asText());
        JsonNode get = json(call("GET", "/request/get/A", null), 200);
        assertEquals("get A", get.get("request").asText());
        assertEquals("1", get.get("response").asText());
        assertEquals("key not found", json(call("GET", "/request/get/B", null), 200).get("response").asText());
        assertEquals("1", json(call("GET", "/request/count", null), 200).get("response").asText());
        json(call("GET", "/request/frobnicate/A", null), 400);
    }

    @Test
    void statusMetricsVersion() throws Exception {
        start(new KvGateway(), 5000);
        JsonNode status = json(call("GET", "/status", null), 200);
        assertEquals(4, status.get("view").asLong());
        assertEquals("MASTER", status.get("role").asText());
        assertEquals(2, status.get("peers").size());
        assertEquals(false, status.get("peers").get(1).get("connected").asBoolean());
        metrics.recordRequest(1000);
        HttpResponse<String> m = call("GET", "/metrics", null);
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(m.body().contains("\nios_requests_total 1\n"), m.body());
        JsonNode version = json(call("GET", "/version", null), 200);
        assertEquals("ios-java", version.get("name").asText());
        assertEquals(1, version.get("peerProtocol").asInt());
    }

    @Test
    void errorsAreJsonWithFittingStatuses() throws Exception {
        KvGateway gateway = new KvGateway();
        start(gateway, 5000);
        assertTrue(json(call("GET", "/nowhere", null), 404).has("error"));
        HttpResponse<String> wrongMethod = call("POST", "/kv/A", "x");
        json(wrongMethod, 405);
        assertEquals("GET, PUT, DELETE", wrongMethod.headers().firstValue("allow").orElse(""));
        json(call("GET", "/kv?prefix=a", null), 501);
        json(call("PUT", "/kv/big", "x".repeat(2000)), 413);
        gateway.notMaster(2);
        JsonNode notMaster = json(call("GET", "/kv/A", null), 503);
        assertEquals(2, notMaster.get("masterHint").asInt());
        assertEquals("not the master", notMaster.get("error").asText());
    }

    @Test
    void aRuntimeThatNeverAnswersGets504() throws Exception {
        start((request, onReply) -> { }, 200);
        JsonNode timedOut = json(call("PUT", "/kv/A", "1"), 504);
        assertTrue(timedOut.get("indeterminate").asBoolean());
        // The connection and the server carry on.
        json(call("GET", "/version", null), 200);
    }

    /** Writes raw bytes and returns the first response line (or null if the server just closed). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n';) {
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString().trim();
        }
    }

    @Test
    void malformedHttpGetsAnErrorAndTheServerCarriesOn() throws Exception {
        start(new KvGateway(), 5000);
        assertEquals("HTTP/1.1 400 Bad Request", raw("GARBAGE\r\n\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request", raw("GET /kv/%zz HTTP/1.1\r\n\r\n"));
        assertEquals("HTTP/1.1 414 Request-URI Too Long", raw("GET /kv/" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n"));
        String header = raw("GET /status HTTP/1.1\r\nX: " + "b".repeat(20_000) + "\r\n\r\n");
        assertTrue(header.startsWith("HTTP/1.1 431") || header.startsWith("HTTP/1.1 400"), header);
        assertEquals("HTTP/1.1 413 Request Entity Too Large",
                raw("PUT /kv/A HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(100)));
        assertEquals("HTTP/1.1 200 OK", raw("GET /version HTTP/1.0\r\n\r\n"));
        json(call("PUT", "/kv/A", "still fine"), 200);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(new KvGateway(), 5000);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /kv/A HTTP/1.1\r\nContent-Length: 5\r\n\r\nfirst"
                    + "GET /version HTTP/1.1\r\n\r\n"
                    + "GET /kv/A HTTP/1.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int put = all.indexOf("\"response\":\"OK\"");
            int version = all.indexOf("\"name\":\"ios-java\"");
            int get = all.indexOf("\"value\":\"first\"");
            assertTrue(put >= 0 && put < version && version < get, all);
        }
    }

    @Test
    void concurrentRequestsReachTheRuntimeWithIncreasingIds() throws Exception {
        KvGateway gateway = new KvGateway();
        start(gateway, 5000);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/kv/k" + i))
                    .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString("v" + i)).build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (var call : calls) {
            assertEquals(200, call.get(15, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        }
        long previous = 0;
        for (var r : gateway.seen()) {
            assertTrue(r.requestId() > previous, "ids arrive in increasing order");
            previous = r.requestId();
        }
        assertEquals(40, gateway.seen().size());
    }
}
