package dev.ios.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against real server processes: random bytes, a 10 MB line and half a line on the
 * client port; garbage and a handshake from a foreign cluster on the peer port; malformed REST
 * requests. Each gets its error (or is refused) and the cluster keeps serving other clients.
 */
@Tag("process")
class BadInputProcessTest {

    @TempDir
    Path dir;

    private ClusterProcesses cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A write through any server succeeds (following hints), within a bound. */
    private void assertClusterServes(String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int server = 0;
        long requestId = System.nanoTime();
        while (System.nanoTime() < deadline) {
            try {
                JsonLineClient.Reply r = JsonLineClient.call(cluster.clientPorts[server], 99, requestId,
                        "update alive yes", false, 1500);
                if (r.success()) {
                    return;
                }
                server = r.masterHint() >= 0 ? r.masterHint() : (server + 1) % 3;
            } catch (IOException e) {
                server = (server + 1) % 3;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the cluster stopped serving after " + what);
    }

    @Test
    void badInputGetsErrorsAndTheClusterKeepsServing() throws Exception {
        cluster = new ClusterProcesses(dir, 3, ClusterProcessTest.SERVER_CONF);
        for (int id = 0; id < 3; id++) {
            cluster.start(id, cluster.restPorts[id]);
        }
        assertClusterServes("start-up");
        int port = cluster.clientPorts[0];

        // Random bytes ending in a newline: one error line, and the same connection still works.
        try (Socket s = connect(port)) {
            byte[] junk = new byte[4096];
            new SplittableRandom(7).nextBytes(junk);
            for (int i = 0; i < junk.length; i++) {
                if (junk[i] == '\n') {
                    junk[i] = 'x';
                }
            }
            s.getOutputStream().write(junk);
            s.getOutputStream().write("\nexists A\n".getBytes(StandardCharsets.US_ASCII));
            String first = readLine(s.getInputStream());
            String second = readLine(s.getInputStream());
            // An error from the front end, or from the state machine if the junk reached the master.
            assertTrue(first.startsWith("ERROR") || first.startsWith("{") || first.equals("request not recognised"),
                    "an error answer to the junk line: " + first);
            assertTrue(!second.isEmpty(), "the connection carries on: " + second);
        }
        assertClusterServes("random bytes");

        // A 10 MB line is refused without being buffered; the connection carries on.
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 10; i++) {
                out.write(chunk);
            }
            out.write("\nexists A\n".getBytes(StandardCharsets.US_ASCII));
            String refused = readLine(s.getInputStream());
            assertTrue(refused.startsWith("ERROR"), "oversized line refused: " + refused);
            assertTrue(!readLine(s.getInputStream()).isEmpty(), "the connection carries on");
        }
        // Half a line, then the client vanishes.
        try (Socket s = connect(port)) {
            s.getOutputStream().write("update half".getBytes(StandardCharsets.US_ASCII));
        }
        assertClusterServes("a 10 MB line and half a line");

        // The peer port: garbage, then a well-formed handshake from a foreign cluster.
        try (Socket s = connect(cluster.peerPorts[1])) {
            byte[] junk = new byte[512];
            new SplittableRandom(8).nextBytes(junk);
            s.getOutputStream().write(junk);
            assertEquals(-1, readUntilClosed(s.getInputStream()), "garbage peer disconnected");
        }
        try (Socket s = connect(cluster.peerPorts[1])) {
            byte[] cluster = "another-cluster".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer frame = ByteBuffer.allocate(4 + 15 + cluster.length);
            frame.putInt(15 + cluster.length).putInt(0x494F5350).putShort((short) 1).putInt(0).putInt(1)
                    .put((byte) cluster.length).put(cluster);
            s.getOutputStream().write(frame.array());
            assertEquals(-1, readUntilClosed(s.getInputStream()), "foreign cluster refused");
        }
        assertClusterServes("garbage on the peer port");

        // Malformed REST requests get JSON errors with fitting statuses.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + this.cluster.restPorts[2];
        assertEquals(404, status(http, HttpRequest.newBuilder(URI.create(base + "/no/such/path")).GET()));
        assertEquals(405, status(http, HttpRequest.newBuilder(URI.create(base + "/status"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("x"))));
        assertEquals(200, status(http, HttpRequest.newBuilder(URI.create(base + "/status")).GET()));
        assertClusterServes("malformed REST requests");
    }

    private static int status(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            assertTrue(response.body().contains("\"error\""), "a JSON error body: " + response.body());
        }
        return response.statusCode();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Reads until the server closes the connection; -1 then. */
    private static int readUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            // Whatever the server sends before closing is irrelevant here.
            assertTrue(n > 0);
        }
        return n;
    }
}
