package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client port over a real socket with a fake Raft side: answers come back in request order even
 * when the service completes them out of order, bad or oversized lines are answered with REJECTED on
 * a connection that keeps working, and a busy port is an error, not a silent half-start.
 */
@Timeout(30)
class ClientPortTest {

    /** A request the fake service holds until the test answers it. */
    private record Held(RequestLine.Request request, Consumer<String> answer) {}

    private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();
    private ClientPort port;
    private Socket socket;
    private OutputStream out;
    private BufferedReader in;

    @BeforeEach
    void open() throws Exception {
        port = ClientPort.open(new InetSocketAddress("127.0.0.1", 0), (request, answer) -> held.add(new Held(request, answer)));
        socket = new Socket("127.0.0.1", port.address().getPort());
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
        port.close();
    }

    @Test
    void answersLeaveInRequestOrder() throws Exception {
        send(request(1, "update k1 a") + request(2, "get k1") + request(3, "update k2 b"));
        Held first = next();
        Held second = next();
        Held third = next();
        assertEquals(new RequestLine.Request(7, 1, false, "update k1 a"), first.request());
        third.answer().accept(ReplyLines.success(7, 3, "OK"));
        second.answer().accept(ReplyLines.success(7, 2, "a"));
        first.answer().accept(ReplyLines.success(7, 1, "OK"));
        assertEquals(ReplyLines.success(7, 1, "OK"), in.readLine());
        assertEquals(ReplyLines.success(7, 2, "a"), in.readLine());
        assertEquals(ReplyLines.success(7, 3, "OK"), in.readLine());
    }

    @Test
    void badLinesAreRejectedInTheirPlaceAndTheConnectionCarriesOn() throws Exception {
        send("not json\r\n" + request(1, "get k"));
        next().answer().accept(ReplyLines.success(7, 1, "key not found"));
        assertEquals(ReplyLines.rejected(0, 0, "malformed JSON line"), in.readLine());
        assertEquals(ReplyLines.success(7, 1, "key not found"), in.readLine());
    }

    @Test
    void aTooLongLineIsRejectedAndSkipped() throws Exception {
        send("{\"x\":\"" + "y".repeat(ClientPort.MAX_LINE_BYTES + 10) + "\"}\n" + request(2, "get k"));
        next().answer().accept(ReplyLines.success(7, 2, "v"));
        String rejected = in.readLine();
        assertTrue(rejected.contains("\"Outcome\":\"REJECTED\""), rejected);
        assertEquals(ReplyLines.success(7, 2, "v"), in.readLine());
    }

    @Test
    void aBusyPortFailsTheOpenWithABindException() {
        // The server main exits on it; a silent failure would leave a peer without a client port.
        assertThrows(BindException.class, () -> ClientPort.open(port.address(), (request, answer) -> { }));
    }

    private static String request(long requestId, String command) {
        return "{\"ClientID\":7,\"RequestID\":" + requestId + ",\"ForceViewChange\":false,\"ReadOnly\":"
                + command.startsWith("get") + ",\"Request\":\"" + command + "\"}\n";
    }

    private void send(String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Held next() throws InterruptedException {
        Held next = held.poll(10, TimeUnit.SECONDS);
        assertNotNull(next, "the request did not reach the service within 10 s");
        return next;
    }
}
