package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ios.config.ServerAddress;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import dev.ios.server.metrics.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client port speaks docs/client-protocol.md: plain and JSON lines, answers in request order
 * with the request's ids, error lines for bad input (malformed JSON, random bytes, a 10 MB line,
 * half a line) after which the connection and the others carry on.
 */
class ClientPortServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ServerAddress> SERVERS = List.of(new ServerAddress("127.0.0.1", 8090, 8080),
            new ServerAddress("127.0.0.1", 8091, 8081), new ServerAddress("10.0.0.3", 8092, 8082));
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final NettyLoops loops = NettyLoops.create("client-test", 2);
    private final Metrics metrics = new Metrics();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        loops.close();
    }

    private ClientPortServer start(ClientGateway gateway) {
        return start(gateway, 1024);
    }

    private ClientPortServer start(ClientGateway gateway, int pendingMax) {
        var options = new ClientPortOptions(new InetSocketAddress("127.0.0.1", 0), MAX_LINE_BYTES, pendingMax);
        ClientPortServer server = new ClientPortServer(1, SERVERS, gateway, options, loops, metrics);
        toClose.add(server);
        return server;
    }

    private LineClient connect(ClientPortServer server) throws IOException {
        LineClient client = new LineClient(server.port());
        toClose.add(client);
        return client;
    }

    @Test
    void plainLinesGetTheStoresAnswers() throws IOException {
        ClientPortServer server = start(new KvGateway());
        LineClient c = connect(server);
        assertEquals("OK", c.ask("update A 1"));
        assertEquals("1", c.ask("get A"));
        assertEquals("OK", c.ask("update B \"two words\""));
        assertEquals("key not found", c.ask("get C"));
        assertEquals("OK; two words; 3", c.ask("update C x\\y; get B; count"));
        // print's newlines (and the backslash in C's value) are escaped so the answer is one line.
        assertEquals("A, 1\\nB, two words\\nC, x\\\\y\\n", c.ask("print"));
        assertEquals("OK", c.ask("update D 4\r"), "a trailing CR is dropped");
        assertEquals("request not recognised", c.ask(""));
    }

    @Test
    void plainConnectionsGetDistinctClientIdsAndIncreasingRequestIds() throws IOException {
        KvGateway gateway = new KvGateway();
        ClientPortServer server = start(gateway);
        LineClient a = connect(server);
        LineClient b = connect(server);
        a.ask("get A");
        a.ask("exists A");
        b.ask("update A 1");
        List<ClientRequest> seen = gateway.seen();
        assertEquals(seen.get(0).clientId(), seen.get(1).clientId());
        assertNotEquals(seen.get(0).clientId(), seen.get(2).clientId());
        assertTrue(seen.get(0).clientId() > 0 && seen.get(2).clientId() > 0);
        assertEquals(1, seen.get(0).requestId());
        assertEquals(2, seen.get(1).requestId());
        assertEquals(1, seen.get(2).requestId());
        assertTrue(seen.get(0).readOnly(), "get is read-only");
        assertTrue(!seen.get(2).readOnly(), "update is not");
    }

    @Test
    void jsonLinesEchoTheirIds() throws IOException {
        KvGateway gateway = new KvGateway();
        ClientPortServer server = start(gateway);
        LineClient c = connect(server);
        JsonNode a = JSON.readTree(c.ask(
                "{\"ClientID\":7,\"RequestID\":1,\"ForceViewChange\":false,\"ReadOnly\":false,\"Request\":\"update A 1\"}"));
        assertEquals("{\"ClientID\":7,\"RequestID\":1,\"Success\":true,\"Response\":\"OK\"}", a.toString());
        // A retry with the same ids gets the saved answer (the session lives in the state machine).
        JsonNode retry = JSON.readTree(c.ask("{\"ClientID\":7,\"RequestID\":1,\"Request\":\"update A 1\",\"X\":[1]}"));
        assertEquals("OK", retry.get("Response").asText());
        // Field names match case-insensitively, as Go's encoding/json does.
        JsonNode b = JSON.readTree(c.ask("{\"clientid\":7,\"requestid\":2,\"readonly\":true,\"request\":\"get A\"}"));
        assertEquals(2, b.get("RequestID").asLong());
        assertEquals("1", b.get("Response").asText());
        assertTrue(gateway.seen().get(2).readOnly());
        // A JSON line and a plain line on one connection.
        assertEquals("1", c.ask("get A"));
    }

    @Test
    void notMasterNamesTheMasterInBothForms() throws IOException {
        KvGateway gateway = new KvGateway();
        gateway.notMaster(2);
        ClientPortServer server = start(gateway);
        LineClient c = connect(server);
        JsonNode j = JSON.readTree(c.ask("{\"ClientID\":3,\"RequestID\":9,\"Request\":\"get A\"}"));
        assertEquals(false, j.get("Success").asBoolean());
        assertEquals("NOT_MASTER", j.get("Outcome").asText());
        assertEquals(2, j.get("MasterHint").asInt());
        assertEquals(9, j.get("RequestID").asLong());
        assertEquals("ERROR not the master; try server 2 at 10.0.0.3:8082", c.ask("get A"));
        gateway.notMaster(-1);
        assertEquals("ERROR not the master; master unknown, try another server", c.ask("get A"));
    }

    /** Holds replies until {@code batch} requests have arrived, then answers them newest first from another thread. */
    private static final class ReversingGateway implements ClientGateway {
        private final int batch;
        private final List<Object[]> held = new ArrayList<>();

        ReversingGateway(int batch) {
            this.batch = batch;
        }

        @Override
        public synchronized void submit(ClientRequest request, Consumer<ClientReply> onReply) {
            held.add(new Object[] {request, onReply});
            if (held.size() == batch) {
                List<Object[]> now = new ArrayList<>(held);
                held.clear();
                Thread replier = new Thread(() -> {
                    for (int i = now.size() - 1; i >= 0; i--) {
                        ClientRequest r = (ClientRequest) now.get(i)[0];
                        @SuppressWarnings("unchecked")
                        Consumer<ClientReply> reply = (Consumer<ClientReply>) now.get(i)[1];
                        reply.accept(new ClientReply(ClientReply.Outcome.SUCCESS, r.command(), -1));
                    }
                });
                replier.start();
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        ClientPortServer server = start(new ReversingGateway(50));
        LineClient c = connect(server);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append(i % 2 == 0 ? "get k" + i + "\n"
                    : "{\"ClientID\":5,\"RequestID\":" + i + ",\"Request\":\"get k" + i + "\"}\n");
        }
        c.send(lines.toString());
        for (int i = 0; i < 50; i++) {
            String answer = c.readLine();
            if (i % 2 == 0) {
                assertEquals("get k" + i, answer);
            } else {
                JsonNode j = JSON.readTree(answer);
                assertEquals(i, j.get("RequestID").asLong());
                assertEquals("get k" + i, j.get("Response").asText());
            }
        }
    }

    @Test
    void manyPipelinedRequestsBeyondThePendingLimitAllGetAnswers() throws IOException {
        ClientPortServer server = start(new KvGateway(), 8);
        LineClient c = connect(server);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            lines.append("update k ").append(i).append('\n');
        }
        lines.append("get k\n");
        c.send(lines.toString());
        for (int i = 0; i < 2000; i++) {
            assertEquals("OK", c.readLine(), "answer " + i);
        }
        assertEquals("1999", c.readLine());
    }

    @Test
    void malformedJsonIsRejectedAndTheConnectionCarriesOn() throws IOException {
        long rejectedBefore = metrics.rejectedClientRequests();
        ClientPortServer server = start(new KvGateway());
        LineClient c = connect(server);
        JsonNode broken = JSON.readTree(c.ask("{\"ClientID\":1,"));
        assertEquals(0, broken.get("ClientID").asLong());
        assertEquals("REJECTED", broken.get("Outcome").asText());
        assertEquals(false, broken.get("Success").asBoolean());
        JsonNode noRequest = JSON.readTree(c.ask("{\"ClientID\":4,\"RequestID\":5}"));
        assertEquals(4, noRequest.get("ClientID").asLong());
        assertEquals(5, noRequest.get("RequestID").asLong());
        assertTrue(noRequest.get("Response").asText().contains("Request"));
        JsonNode trailing = JSON.readTree(c.ask("{\"ClientID\":4,\"RequestID\":6,\"Request\":\"get A\"} x"));
        assertEquals("REJECTED", trailing.get("Outcome").asText());
        JsonNode badId = JSON.readTree(c.ask("{\"ClientID\":\"x\",\"RequestID\":6,\"Request\":\"get A\"}"));
        assertEquals("REJECTED", badId.get("Outcome").asText());
        assertEquals("OK", c.ask("update A 1"));
        assertEquals(rejectedBefore + 4, metrics.rejectedClientRequests());
    }

    @Test
    void randomBytesGetOneAnswerPerLine() throws IOException {
        long seed = 20261122L;
        SplittableRandom random = new SplittableRandom(seed);
        ClientPortServer server = start(new KvGateway());
        LineClient c = connect(server);
        int lines = 200;
        for (int i = 0; i < lines; i++) {
            byte[] line = new byte[random.nextInt(300)];
            random.nextBytes(line);
            for (int j = 0; j < line.length; j++) {
                if (line[j] == '\n') {
                    line[j] = 'x';
                }
            }
            if (i % 3 == 0 && line.length > 0) {
                line[0] = '{'; // exercise the JSON path too
            }
            c.sendBytes(line);
            c.sendBytes(new byte[] {'\n'});
        }
        for (int i = 0; i < lines; i++) {
            String answer = c.readLine();
            assertTrue(answer != null, "seed=" + seed + " answer " + i);
        }
        assertEquals("OK", c.ask("update A 1"), "seed=" + seed);
    }

    @Test
    void aTenMegabyteLineIsRejectedWithoutHurtingAnyone() throws IOException {
        ClientPortServer server = start(new KvGateway());
        LineClient big = connect(server);
        LineClient other = connect(server);
        byte[] huge = new byte[10 << 20];
        Arrays.fill(huge, (byte) 'a');
        System.arraycopy("update A ".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 9);
        Thread writer = new Thread(() -> {
            try {
                big.sendBytes(huge);
                big.send("\nget A\n");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        assertEquals("OK", other.ask("update B 2"), "another connection is served meanwhile");
        String rejected = big.readLine();
        assertTrue(rejected.startsWith("ERROR rejected: line too long"), rejected);
        assertEquals("key not found", big.readLine(), "the long line was not applied; the next one was");
        // The same for a JSON line: a JSON error.
        huge[0] = '{';
        big.sendBytes(huge);
        big.send("\n");
        JsonNode j = JSON.readTree(big.readLine());
        assertEquals("REJECTED", j.get("Outcome").asText());
        assertEquals("2", big.ask("get B"));
        Await.until(Duration.ofSeconds(5), () -> !writer.isAlive(), () -> "writer done");
    }

    @Test
    void halfALineThenEndOfInputGetsAnErrorAndTheServerCarriesOn() throws IOException {
        ClientPortServer server = start(new KvGateway());
        LineClient c = connect(server);
        c.send("update A 1\nget A\nupdate B");
        c.shutdownOutput();
        assertEquals("OK", c.readLine());
        assertEquals("1", c.readLine());
        assertEquals("ERROR rejected: incomplete line: the input ended before its newline", c.readLine());
        assertNull(c.readLine(), "then the server closes");
        // Half a line and an abrupt close: nothing to answer, nobody else affected.
        LineClient d = connect(server);
        d.send("{\"ClientID\":1,\"Req");
        d.close();
        LineClient e = connect(server);
        assertEquals("key not found", e.ask("get B"), "the incomplete update was never applied");
        assertEquals("1", e.ask("get A"));
        Await.until(Duration.ofSeconds(5), () -> server.openConnections() == 1, () -> "closed connections counted");
    }
}
