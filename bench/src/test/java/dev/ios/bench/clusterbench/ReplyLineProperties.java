package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reply reader never throws, whatever the line, and reads back any reply the server could
 * write. Seeds replay with {@code -Dprop.seed=N}.
 */
class ReplyLineProperties {

    static LongStream seeds() {
        return Seeds.properties(50);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomTextNeverThrows(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "{}\":,\\ ntu0123456789RequestIDSuccesfal";
        for (int i = 0; i < 200; i++) {
            StringBuilder line = new StringBuilder(random.nextBoolean() ? "{\"RequestID\":" : "");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertDoesNotThrow(() -> ReplyLine.parse(line), () -> "seed=" + seed + " line=" + line);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void readsBackAnyReply(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long requestId = random.nextLong(0, Long.MAX_VALUE);
        boolean success = random.nextBoolean();
        StringBuilder response = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            response.append((char) random.nextInt(1, 0x250));
        }
        String outcome = success ? null : random.nextBoolean() ? "NOT_MASTER" : "REJECTED";
        int hint = success ? -1 : random.nextInt(-1, 64);
        long clientId = random.nextLong(0, Long.MAX_VALUE);
        String line = "{\"ClientID\":" + clientId + ",\"RequestID\":" + requestId + ",\"Success\":"
                + success + ",\"Response\":\"" + escape(response.toString()) + "\""
                + (success ? "" : ",\"Outcome\":\"" + outcome + "\",\"MasterHint\":" + hint) + "}";
        assertEquals(new ReplyLine(clientId, requestId, success, response.toString(), outcome, hint), ReplyLine.parse(line),
                () -> "seed=" + seed + " line=" + line);
    }

    /** JSON string escaping as a server writes it: quotes, backslashes and control characters. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
