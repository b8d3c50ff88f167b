package dev.ios.consensus.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The peer codec round-trips every message and never throws on bad bytes: random bytes,
 * truncated and bit-flipped encodings decode to a message or to empty, nothing else.
 */
class MessageCodecProperties {

    static LongStream seeds() {
        return Seeds.properties(300);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void decodeOfEncodeIsIdentity(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 50; i++) {
            Message m = randomMessage(r);
            byte[] bytes = MessageCodec.encode(m);
            assertEquals(MessageCodec.size(m), bytes.length, () -> "seed=" + seed + " size of " + m);
            assertEquals(Optional.of(m), MessageCodec.decode(bytes), () -> "seed=" + seed + " " + m);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void badBytesNeverThrow(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 50; i++) {
            byte[] random = new byte[r.nextInt(200)];
            r.nextBytes(random);
            MessageCodec.decode(random);

            byte[] valid = MessageCodec.encode(randomMessage(r));
            byte[] truncated = java.util.Arrays.copyOf(valid, r.nextInt(valid.length));
            assertTrue(MessageCodec.decode(truncated).isEmpty(), () -> "seed=" + seed + " a truncated message decoded");

            byte[] flipped = valid.clone();
            flipped[r.nextInt(flipped.length)] ^= (byte) (1 + r.nextInt(255));
            // May decode to another message or to empty; it must only not throw.
            MessageCodec.decode(flipped);
        }
    }

    static Message randomMessage(SplittableRandom r) {
        long view = r.nextLong(1000);
        long a = r.nextLong(1_000_000);
        long b = r.nextLong(1_000_000);
        switch (r.nextInt(16)) {
            case 0: return new Message.Heartbeat(view, a);
            case 1: return new Message.Forward(view, randomRequest(r));
            case 2: return new Message.Coordinate(view, a, randomEntry(r), b);
            case 3: return new Message.Prepare(view, a, randomEntry(r), b);
            case 4: return new Message.PrepareOk(view, a);
            case 5: return new Message.Commit(view, a);
            case 6: return new Message.NewView(view, a);
            case 7: return new Message.NewViewOk(view, a, b, randomAccepted(r));
            case 8: return new Message.StaleView(view);
            case 9: return new Message.CopyRequest(view, a);
            case 10: return new Message.CopyReply(view, a, randomAccepted(r));
            case 11: return new Message.ReadQuery(view, a);
            case 12: return new Message.ReadQueryReply(view, a, b);
            case 13: return new Message.ReadConfirm(view, a);
            case 14: {
                byte[] data = new byte[r.nextInt(100)];
                r.nextBytes(data);
                return new Message.SnapshotChunk(view, a, b, r.nextLong(1 << 20), data, r.nextBoolean());
            }
            default: return new Message.ReadConfirmOk(view, a);
        }
    }

    private static List<Accepted> randomAccepted(SplittableRandom r) {
        List<Accepted> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            list.add(new Accepted(1 + r.nextLong(1000), r.nextLong(100), randomEntry(r)));
        }
        return list;
    }

    private static Entry randomEntry(SplittableRandom r) {
        List<Request> requests = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            requests.add(randomRequest(r));
        }
        return new Entry(requests);
    }

    private static Request randomRequest(SplittableRandom r) {
        byte[] command = new byte[r.nextInt(40)];
        r.nextBytes(command);
        return new Request(r.nextLong(), r.nextLong(), r.nextInt(64), r.nextBoolean(), command);
    }
}
