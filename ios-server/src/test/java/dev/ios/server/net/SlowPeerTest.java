package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.message.Message;
import dev.ios.server.metrics.Metrics;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that completes the handshake and then never reads: {@code send} keeps returning at once
 * and drops (counted) once the outbound queue is over its limit, instead of blocking or buffering
 * without bound.
 */
class SlowPeerTest {

    @Test
    void sendNeverBlocksOnAPeerThatDoesNotRead() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket fakePeer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                NettyLoops loops = NettyLoops.create("slow-test", 1)) {
            Thread peer = new Thread(() -> {
                try (Socket s = fakePeer.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] hello = new byte[in.readInt()];
                    in.readFully(hello);
                    byte[] cluster = "slow".getBytes(StandardCharsets.US_ASCII);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeInt(15 + cluster.length);
                    out.writeInt(PeerHandshake.MAGIC);
                    out.writeShort(PeerHandshake.VERSION);
                    out.writeInt(1);
                    out.writeInt(0);
                    out.writeByte(cluster.length);
                    out.write(cluster);
                    out.flush();
                    // Never read again until the test is over.
                    done.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // The test's assertions report what matters.
                }
            });
            peer.setDaemon(true);
            peer.start();
            var options = new PeerTransportOptions(new InetSocketAddress("127.0.0.1", 0), 10, 100, 1 << 20, 1 << 20, 2000);
            List<InetSocketAddress> peers = List.of(new InetSocketAddress("127.0.0.1", 1),
                    new InetSocketAddress("127.0.0.1", fakePeer.getLocalPort()));
            try (NettyPeerTransport transport =
                    new NettyPeerTransport(0, peers, "slow", (from, m) -> { }, options, loops, new Metrics())) {
                Await.until(Duration.ofSeconds(10), () -> transport.isConnected(1), () -> "handshake with the fake peer");
                byte[] command = new byte[16 * 1024];
                Message big = new Message.Prepare(1, 1, new Entry(List.of(new Request(1, 1, 0, false, command))), 0);
                long startNs = System.nanoTime();
                long slowestNs = 0;
                // 20,000 x 16 KiB = 320 MiB: far more than socket buffers and the 1 MiB queue hold.
                for (int i = 0; i < 20_000; i++) {
                    long t = System.nanoTime();
                    transport.send(new Envelope(0, 1, big));
                    slowestNs = Math.max(slowestNs, System.nanoTime() - t);
                }
                long totalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                assertTrue(transport.droppedMessages() > 10_000, "dropped " + transport.droppedMessages());
                assertTrue(totalMs < 10_000, "20,000 sends took " + totalMs + " ms");
                assertTrue(slowestNs < TimeUnit.SECONDS.toNanos(1), "slowest send " + slowestNs + " ns");
            } finally {
                done.countDown();
            }
        }
    }
}
