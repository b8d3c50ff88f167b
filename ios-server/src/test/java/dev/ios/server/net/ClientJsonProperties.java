package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming JSON request reader agrees with the obvious tree-based one ({@link TreeJsonOracle})
 * on random lines built from request-like pieces: right and wrong types, repeated and unknown
 * fields, nesting, other letter cases, trailing tokens and cut-off lines. Replay: {@code -Dprop.seed=N}.
 */
class ClientJsonProperties {

    private static final String[] NAMES = {"ClientID", "RequestID", "Request", "ReadOnly", "ForceViewChange",
        "clientid", "REQUESTID", "request", "readonly", "Other", "x"};
    private static final String[] VALUES = {"1", "0", "-7", "42", "9223372036854775807", "9223372036854775808",
        "99999999999999999999", "1.5", "1e3", "true", "false", "null", "\"update A 1\"", "\"get A\"", "\"\"",
        "\"caf\\u00e9 \\\"q\\\"\"", "[]", "[1,{\"a\":[2]}]", "{}", "{\"Request\":\"inner\"}"};

    static LongStream seeds() {
        return Seeds.properties(300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void streamingReaderAgreesWithTheTreeReader(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 50; i++) {
            String line = line(random);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertEquals(TreeJsonOracle.read(bytes), TreeJsonOracle.canonical(ClientLines.readJson(bytes)),
                    () -> "seed=" + seed + " line=" + line);
        }
    }

    private static String line(SplittableRandom random) {
        StringBuilder b = new StringBuilder("{");
        int fields = random.nextInt(7);
        boolean wellFormed = random.nextInt(3) > 0;
        if (wellFormed) {
            b.append("\"ClientID\":").append(random.nextInt(1, 1000)).append(",\"RequestID\":").append(random.nextInt(1, 1000))
                    .append(",\"Request\":\"update k").append(random.nextInt(10)).append(" v\"");
            if (fields > 0) {
                b.append(',');
            }
        }
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                b.append(',');
            }
            b.append('"').append(NAMES[random.nextInt(NAMES.length)]).append("\":").append(VALUES[random.nextInt(VALUES.length)]);
        }
        b.append('}');
        switch (random.nextInt(8)) {
            case 0:
                return b.substring(0, random.nextInt(b.length() + 1)); // cut off
            case 1:
                return b + (random.nextBoolean() ? " {}" : " 1"); // trailing tokens
            case 2:
                return "[" + b + "]";
            default:
                return random.nextBoolean() ? b.toString() : " " + b + " ";
        }
    }
}
