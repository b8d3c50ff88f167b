package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Accepted;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.message.Message;
import dev.ios.server.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three peer transports on loopback exchange messages both ways in order, refuse bad peers
 * (foreign cluster, unknown id, wrong version, garbage, half a frame, oversized length) while the
 * good ones keep talking, and reconnect after one side restarts.
 */
class NettyPeerTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PeerTransportOptions FAST =
            new PeerTransportOptions(null, 10, 200, 1 << 20, 1 << 20, 500);

    /** What one transport received, in arrival order. */
    record Received(int from, Message message) {}

    private NettyLoops loops;
    private List<InetSocketAddress> addresses;
    private final NettyPeerTransport[] transports = new NettyPeerTransport[3];
    private final List<ConcurrentLinkedQueue<Received>> inboxes =
            List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
    private final Metrics metrics = new Metrics();

    @BeforeEach
    void start() throws IOException {
        loops = NettyLoops.create("peer-test", 2);
        addresses = freePorts(3);
        for (int id = 0; id < 3; id++) {
            inboxes.get(id).clear();
            transports[id] = open(id);
        }
        awaitMesh();
    }

    @AfterEach
    void stop() {
        for (NettyPeerTransport t : transports) {
            if (t != null) {
                t.close();
            }
        }
        loops.close();
    }

    private NettyPeerTransport open(int id) {
        ConcurrentLinkedQueue<Received> inbox = inboxes.get(id);
        return new NettyPeerTransport(id, addresses, "test-cluster", (from, m) -> inbox.add(new Received(from, m)),
                FAST, loops, metrics);
    }

    /**
     * Reserves loopback ports by binding port 0 and releasing it: peers must know each other's
     * ports before any of them listens, so true ephemeral binding cannot be used here.
     */
    private static List<InetSocketAddress> freePorts(int count) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(socket);
                out.add(new InetSocketAddress("127.0.0.1", socket.getLocalPort()));
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return out;
    }

    private void awaitMesh() {
        Await.until(WAIT, () -> {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    if (a != b && !transports[a].isConnected(b)) {
                        return false;
                    }
                }
            }
            return true;
        }, () -> "every transport connected to every other");
    }

    private static Message message(int i) {
        switch (i % 4) {
            case 0:
                return new Message.Heartbeat(7, i);
            case 1:
                return new Message.Prepare(7, i, new Entry(List.of(new Request(3, i, 1, false,
                        ("update k" + i + " v").getBytes(StandardCharsets.UTF_8)))), i / 2);
            case 2:
                return new Message.NewViewOk(7, i, 0, List.of(new Accepted(i, 6, Entry.NOOP)));
            default:
                return new Message.PrepareOk(7, i);
        }
    }

    /** Sends {@code count} messages from each of {@code senders} to {@code to} and checks order per sender. */
    private void exchange(int to, int count, int... senders) {
        inboxes.get(to).clear();
        for (int i = 0; i < count; i++) {
            for (int from : senders) {
                transports[from].send(new Envelope(from, to, message(i)));
            }
        }
        Await.until(WAIT, () -> inboxes.get(to).size() >= count * senders.length,
                () -> "server " + to + " got " + inboxes.get(to).size() + " of " + count * senders.length);
        for (int from : senders) {
            List<Message> got = new ArrayList<>();
            for (Received r : inboxes.get(to)) {
                if (r.from() == from) {
                    got.add(r.message());
                }
            }
            assertEquals(count, got.size(), "from " + from);
            for (int i = 0; i < count; i++) {
                assertEquals(message(i), got.get(i), "message " + i + " from " + from + " to " + to);
            }
        }
    }

    @Test
    void messagesFlowBothWaysInOrder() {
        exchange(0, 500, 1, 2);
        exchange(1, 500, 0, 2);
        exchange(2, 200, 0, 1);
    }

    @Test
    void sendToSelfOrOutOfRangeOrDownPeerDropsAndCounts() {
        long before = transports[0].droppedMessages();
        transports[0].send(new Envelope(0, 0, message(0)));
        transports[0].send(new Envelope(0, 9, message(0)));
        transports[0].send(new Envelope(0, -1, message(0)));
        transports[2].close();
        Await.until(WAIT, () -> !transports[0].isConnected(2), () -> "0 sees 2 down");
        transports[0].send(new Envelope(0, 2, message(0)));
        assertEquals(before + 4, transports[0].droppedMessages());
        assertTrue(metrics.droppedPeerMessages() >= 4);
    }

    /** A handshake frame as a dialer writes it. */
    private static byte[] handshake(int magic, int version, String cluster, int from, int to) {
        byte[] id = cluster.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 15 + id.length);
        b.putInt(15 + id.length).putInt(magic).putShort((short) version).putInt(from).putInt(to).put((byte) id.length)
                .put(id);
        return b.array();
    }

    /** Connects to server 0's peer port, writes {@code bytes}, and asserts the server closes the connection. */
    private void assertRefused(String what, byte[] bytes) throws IOException {
        long refusedBefore = transports[0].refusedConnections();
        try (Socket socket = new Socket()) {
            socket.connect(addresses.get(0), 2000);
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            // The server answers nothing to a refused peer: the next read sees the end of the stream.
            try {
                int b;
                int read = 0;
                while ((b = in.read()) >= 0) {
                    read++;
                    assertTrue(read < 1000, what + ": server kept talking");
                }
                assertEquals(-1, b);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(what + ": connection not closed", e);
            } catch (IOException e) {
                // A reset also means the server dropped us.
            }
        }
        Await.until(WAIT, () -> transports[0].refusedConnections() > refusedBefore, () -> what + " counted");
    }

    @Test
    void badPeersAreRefusedWhileGoodPeersKeepTalking() throws IOException {
        int magic = PeerHandshake.MAGIC;
        assertRefused("foreign cluster", handshake(magic, 1, "other-cluster", 1, 0));
        assertRefused("unknown id", handshake(magic, 1, "test-cluster", 7, 0));
        assertRefused("own id", handshake(magic, 1, "test-cluster", 0, 0));
        assertRefused("wrong receiver", handshake(magic, 1, "test-cluster", 1, 2));
        assertRefused("wrong version", handshake(magic, 99, "test-cluster", 1, 0));
        assertRefused("wrong magic", handshake(0x12345678, 1, "test-cluster", 1, 0));
        assertRefused("oversized length", new byte[] {0x7f, 0, 0, 0, 1, 2, 3});
        assertRefused("negative length", new byte[] {(byte) 0xff, 0, 0, 0});
        byte[] half = handshake(magic, 1, "test-cluster", 1, 0);
        assertRefused("half a frame", java.util.Arrays.copyOf(half, half.length / 2));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5; i++) {
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            // Each random blob is either an impossible length or a frame that is no handshake, or
            // too short to be either and then times out: every case ends in a refusal.
            assertRefused("garbage seed=42 #" + i, garbage);
        }
        // A good handshake followed by a frame that is no message is refused too.
        byte[] good = handshake(magic, 1, "test-cluster", 2, 0);
        byte[] bad = ByteBuffer.allocate(good.length + 8).put(good).putInt(4).putInt(0xdeadbeef).array();
        assertRefused("malformed message", bad);
        // The impostor that claimed to be server 2 did not cut the real server 2 off.
        assertTrue(transports[2].isConnected(0));
        exchange(0, 100, 1, 2);
        exchange(1, 100, 0);
    }

    @Test
    void reconnectsAfterAPeerRestarts() {
        exchange(0, 50, 2);
        transports[2].close();
        Await.until(WAIT, () -> !transports[0].isConnected(2) && !transports[1].isConnected(2), () -> "2 seen down");
        transports[2] = open(2);
        awaitMesh();
        exchange(0, 50, 2);
        exchange(2, 50, 0, 1);
    }
}
