package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.testkit.Seeds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Handshakes round-trip; random bytes never make the handshake reader or the frame decoder throw;
 * and frames cut into random reads come out whole, in order.
 */
class PeerFrameProperties {

    static LongStream seeds() {
        return Seeds.properties(100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void handshakesRoundTripAndRandomBytesNeverThrow(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder cluster = new StringBuilder();
        for (int i = random.nextInt(1, 65); i > 0; i--) {
            cluster.append((char) random.nextInt(0x21, 0x7f));
        }
        PeerHandshake h = new PeerHandshake(random.nextInt(1 << 16), cluster.toString(), random.nextInt(), random.nextInt());
        ByteBuf buf = Unpooled.buffer();
        h.write(buf);
        assertEquals(h.size(), buf.readableBytes(), "seed=" + seed);
        assertEquals(h, PeerHandshake.read(buf), "seed=" + seed);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            PeerHandshake.read(Unpooled.wrappedBuffer(garbage)); // must not throw; any result is fine
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void framesSurviveAnyChunking(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PeerFrameDecoder decoder = new PeerFrameDecoder(1000);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        // The first frame is judged at handshake size; lift the limit as the handler would.
        decoder.authenticated();
        List<byte[]> frames = new ArrayList<>();
        ByteBuf stream = Unpooled.buffer();
        for (int i = random.nextInt(1, 20); i > 0; i--) {
            byte[] payload = new byte[random.nextInt(1000)];
            random.nextBytes(payload);
            frames.add(payload);
            stream.writeInt(payload.length).writeBytes(payload);
        }
        while (stream.isReadable()) {
            channel.writeInbound(stream.readRetainedSlice(Math.min(stream.readableBytes(), 1 + random.nextInt(300))));
        }
        for (byte[] payload : frames) {
            ByteBuf frame = channel.readInbound();
            assertTrue(frame != null, "seed=" + seed);
            byte[] got = new byte[frame.readableBytes()];
            frame.readBytes(got);
            frame.release();
            assertTrue(java.util.Arrays.equals(payload, got), "seed=" + seed);
        }
        stream.release();
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomBytesBeforeAHandshakeNeverThrowNorBufferMuch(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        EmbeddedChannel channel = new EmbeddedChannel(new PeerFrameDecoder(1 << 20));
        byte[] garbage = new byte[random.nextInt(1, 5000)];
        random.nextBytes(garbage);
        channel.writeInbound(Unpooled.wrappedBuffer(garbage));
        // Either one handshake-sized frame, an Oversized marker, or nothing yet (a short prefix).
        Object first = channel.readInbound();
        if (first instanceof ByteBuf frame) {
            assertTrue(frame.readableBytes() <= PeerHandshake.BYTES_MAX, "seed=" + seed);
            PeerHandshake.read(frame);
            frame.release();
        } else if (first != null) {
            assertTrue(first instanceof PeerFrameDecoder.Oversized, "seed=" + seed + " got " + first);
        }
        channel.finishAndReleaseAll();
    }
}
