package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However a stream of lines is cut into reads, the line decoder emits what an obviously correct
 * splitter says: each line (CR dropped) or TooLong for lines over the limit, and Incomplete for a
 * tail without newline.
 */
class ClientLineDecoderProperties {

    private static final int MAX = 40;

    static LongStream seeds() {
        return Seeds.properties(100);
    }

    /** The reference: split on '\n', drop one trailing '\r', judge the length. */
    private static List<String> expected(byte[] stream) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == '\n') {
                int end = i > start && stream[i - 1] == '\r' ? i - 1 : i;
                out.add(end - start > MAX ? "TooLong(" + (stream[start] == '{') + ")"
                        : "line:" + Arrays.toString(Arrays.copyOfRange(stream, start, end)));
                start = i + 1;
            }
        }
        if (start < stream.length) {
            // A tail over the limit was already answered as TooLong; a shorter one is Incomplete.
            out.add(stream.length - start > MAX + 1 ? "TooLong(" + (stream[start] == '{') + ")"
                    : "Incomplete(" + (stream[start] == '{') + ")");
        }
        return out;
    }

    private static String render(Object o) {
        if (o instanceof byte[] line) {
            return "line:" + Arrays.toString(line);
        }
        if (o instanceof ClientLineDecoder.TooLong t) {
            return "TooLong(" + t.json() + ")";
        }
        if (o instanceof ClientLineDecoder.Incomplete i) {
            return "Incomplete(" + i.json() + ")";
        }
        return "unexpected " + o;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyChunkingGivesTheReferenceLines(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int lines = random.nextInt(1, 30);
        for (int i = 0; i < lines; i++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(MAX, 3 * MAX) : random.nextInt(MAX + 3);
            for (int j = 0; j < length; j++) {
                int kind = random.nextInt(10);
                stream.write(kind == 0 ? '{' : kind == 1 ? '\r' : 'a' + random.nextInt(26));
            }
            if (i < lines - 1 || random.nextBoolean()) {
                stream.write('\n');
            }
        }
        byte[] bytes = stream.toByteArray();
        EmbeddedChannel channel = new EmbeddedChannel(new ClientLineDecoder(MAX));
        int at = 0;
        while (at < bytes.length) {
            int chunk = Math.min(bytes.length - at, 1 + random.nextInt(2 * MAX));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, chunk));
            at += chunk;
        }
        channel.finish();
        List<String> got = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null;) {
            got.add(render(o));
        }
        assertEquals(expected(bytes), got, "seed=" + seed);
    }
}
