package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ios.consensus.testkit.Seeds;
import dev.ios.server.api.ClientReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-assembled JSON answer line is byte for byte what Jackson's generator writes for the same
 * fields (with surrogate pairs combined into UTF-8), for random ids, outcomes and responses: ASCII, quotes, backslashes, every control
 * character, multi-byte and four-byte UTF-8, and bytes that are not UTF-8 at all. Replay: {@code
 * -Dprop.seed=N}.
 */
class JsonAnswerProperties {

    // One difference from the generator's defaults, on purpose: a character beyond the BMP is written
    // as its four UTF-8 bytes, not as two \\u-escaped surrogates (the same string to any JSON reader).
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final String[] PIECES = {"OK", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f",
        "\u007f", "caf\u00e9", "\u2028", "\u20ac", "\ud83d\ude00", "k1 v1", " ", "<>&'"};

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void answerBytesAreJacksonsGeneratorBytes(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ClientReply.Outcome[] outcomes = ClientReply.Outcome.values();
        for (int i = 0; i < 50; i++) {
            long clientId = random.nextBoolean() ? random.nextLong() : random.nextLong(0, 1000);
            long requestId = random.nextBoolean() ? random.nextLong() : random.nextLong(0, 1000);
            ClientReply reply = new ClientReply(outcomes[random.nextInt(outcomes.length)], response(random),
                    random.nextInt(-1, 5));
            byte[] expected = generated(clientId, requestId, reply);
            byte[] actual = ClientLines.jsonAnswer(clientId, requestId, reply);
            assertArrayEquals(expected, actual, () -> "seed=" + seed + "\nexpected " + new String(expected,
                    StandardCharsets.UTF_8) + "\nactual   " + new String(actual, StandardCharsets.UTF_8));
        }
    }

    private static byte[] response(SplittableRandom random) {
        if (random.nextInt(4) == 0) {
            byte[] raw = new byte[random.nextInt(40)];
            random.nextBytes(raw);
            return raw; // mostly not UTF-8: decoded with replacement characters, as the server does
        }
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(8);
        for (int p = 0; p < pieces; p++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The oracle: the fields written with Jackson's generator, as the server did before. */
    private static byte[] generated(long clientId, long requestId, ClientReply reply) throws IOException {
        boolean success = reply.outcome() == ClientReply.Outcome.SUCCESS;
        String response = success ? new String(reply.response(), StandardCharsets.UTF_8) : ClientLines.reason(reply);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("ClientID", clientId);
            g.writeNumberField("RequestID", requestId);
            g.writeBooleanField("Success", success);
            g.writeStringField("Response", response);
            if (!success) {
                g.writeStringField("Outcome", reply.outcome().name());
                g.writeNumberField("MasterHint", reply.outcome() == ClientReply.Outcome.NOT_MASTER ? reply.masterHint() : -1);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
