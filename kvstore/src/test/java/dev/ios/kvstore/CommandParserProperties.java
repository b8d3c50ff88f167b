package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shortcut for lines of plain words gives exactly what the general path (strict decoding, then
 * the text grammar) gives, for lines built to sit on the shortcut's edges: plain words, a space at
 * either end or two in a row, quotes, {@code ;} and {@code "; "}, CR and LF, tabs and other control
 * bytes, DEL, non-ASCII and bytes that are not UTF-8. Replay: {@code -Dprop.seed=N}.
 */
class CommandParserProperties {

    private static final List<String> PIECES = List.of("get", "update", "delete", "exists", "count", "print", "A", "k1",
            "v-1", "x_y", "~!@#$%^&*()", " ", " ", " ", "  ", "\"", "\"a b\"", ";", "; ", "\r", "\n", "\t", "\u007f",
            "\u0000", "caf\u00e9", "\u20ac", "GET", "update A", "get A; get B");

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theShortcutAgreesWithTheGeneralPath(long seed) {
        Gen gen = new Gen(seed);
        for (int i = 0; i < 200; i++) {
            byte[] line = line(gen);
            assertEquals(CommandParser.parseDecoded(line), CommandParser.parse(line),
                    () -> "seed=" + seed + " line=<" + new String(line, StandardCharsets.ISO_8859_1) + ">");
        }
    }

    private static byte[] line(Gen gen) {
        if (gen.chance(0.1)) {
            return gen.bytes(24);
        }
        StringBuilder text = new StringBuilder();
        if (gen.chance(0.6)) {
            // A well-formed start, so many lines are commands the shortcut takes.
            text.append(gen.pick(List.of("get ", "update ", "delete ", "exists ", "count", "print"))).append(gen.plain(3));
        }
        int pieces = gen.between(0, 4);
        for (int p = 0; p < pieces; p++) {
            text.append(gen.chance(0.5) ? gen.pick(PIECES) : gen.plain(gen.between(1, 4)));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (gen.chance(0.05) && bytes.length > 0) {
            bytes[gen.between(0, bytes.length - 1)] = (byte) 0xff; // never UTF-8
        }
        return bytes;
    }
}
