package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.config.ServerAddress;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientReply.Outcome;
import dev.ios.server.api.ClientRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact answer lines of docs/client-protocol.md, which the client library parses too. */
class ClientLinesTest {

    private static final List<ServerAddress> SERVERS = List.of(new ServerAddress("127.0.0.1", 8090, 8080),
            new ServerAddress("127.0.0.1", 8091, 8081), new ServerAddress("::1", 8092, 8082));

    private static ClientReply reply(Outcome outcome, String text, int hint) {
        return new ClientReply(outcome, text.getBytes(StandardCharsets.UTF_8), hint);
    }

    private static String json(ClientReply reply) {
        return new String(ClientLines.jsonAnswer(1, 1, reply), StandardCharsets.UTF_8);
    }

    private static String plain(ClientReply reply) {
        return new String(ClientLines.plainAnswer(reply, SERVERS), StandardCharsets.UTF_8);
    }

    @Test
    void jsonAnswersAreTheDocumentsLines() {
        assertEquals("{\"ClientID\":1,\"RequestID\":1,\"Success\":true,\"Response\":\"OK\"}",
                json(reply(Outcome.SUCCESS, "OK", -1)));
        assertEquals("{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"not the master\","
                + "\"Outcome\":\"NOT_MASTER\",\"MasterHint\":2}", json(reply(Outcome.NOT_MASTER, "", 2)));
        assertEquals("{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"overloaded\","
                + "\"Outcome\":\"REJECTED\",\"MasterHint\":-1}", json(reply(Outcome.REJECTED, "overloaded", 5)));
        assertEquals("{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"timed out\","
                + "\"Outcome\":\"INDETERMINATE\",\"MasterHint\":-1}", json(reply(Outcome.INDETERMINATE, "timed out", -1)));
        assertEquals("{\"ClientID\":1,\"RequestID\":1,\"Success\":true,\"Response\":\"A, 1\\nB, \\\"x\\\"\\n\"}",
                json(reply(Outcome.SUCCESS, "A, 1\nB, \"x\"\n", -1)));
    }

    @Test
    void plainAnswersAreOneLine() {
        assertEquals("OK", plain(reply(Outcome.SUCCESS, "OK", -1)));
        assertEquals("A, 1\\nB, x\\\\y\\n", plain(reply(Outcome.SUCCESS, "A, 1\nB, x\\y\n", -1)));
        assertEquals("ERROR not the master; try server 1 at 127.0.0.1:8081", plain(reply(Outcome.NOT_MASTER, "", 1)));
        assertEquals("ERROR not the master; try server 2 at [::1]:8082", plain(reply(Outcome.NOT_MASTER, "", 2)));
        assertEquals("ERROR not the master; master unknown, try another server",
                plain(reply(Outcome.NOT_MASTER, "", 7)));
        assertEquals("ERROR rejected: overloaded", plain(reply(Outcome.REJECTED, "overloaded", -1)));
        assertEquals("ERROR indeterminate: timed out (it may have been applied)",
                plain(reply(Outcome.INDETERMINATE, "timed out", -1)));
    }

    @Test
    void iosRequestLinesRead() {
        var read = ClientLines.readJson(("{\"ClientID\":1,\"RequestID\":2,\"ForceViewChange\":true,\"ReadOnly\":true,"
                + "\"Request\":\"update A 1\"}").getBytes(StandardCharsets.UTF_8));
        assertTrue(read instanceof ClientLines.Parsed, read.toString());
        ClientRequest r = ((ClientLines.Parsed) read).request();
        assertEquals(1, r.clientId());
        assertEquals(2, r.requestId());
        assertTrue(r.forceViewChange());
        assertTrue(r.readOnly());
        assertEquals("update A 1", new String(r.command(), StandardCharsets.UTF_8));
    }

    @Test
    void malformedRequestsKeepTheIdsThatCouldBeRead() {
        for (String bad : new String[] {"{", "{}", "[1]", "{\"ClientID\":1.5,\"RequestID\":1,\"Request\":\"x\"}",
            "{\"ClientID\":1,\"RequestID\":2,\"Request\":3}", "{\"ClientID\":1,\"RequestID\":2,\"Request\":\"x\",\"ReadOnly\":1}",
            "{\"ClientID\":99999999999999999999,\"RequestID\":2,\"Request\":\"x\"}", "{" + "[".repeat(5000)}) {
            var read = ClientLines.readJson(bad.getBytes(StandardCharsets.UTF_8));
            assertTrue(read instanceof ClientLines.Malformed, bad);
        }
        var partial = (ClientLines.Malformed) ClientLines.readJson(
                "{\"ClientID\":1,\"RequestID\":2,\"Request\":3}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, partial.clientId());
        assertEquals(2, partial.requestId());
    }
}
