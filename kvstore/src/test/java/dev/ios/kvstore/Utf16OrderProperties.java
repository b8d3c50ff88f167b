package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Utf16Order} on UTF-8 bytes agrees with {@code String.compareTo} on the strings: random
 * pairs drawn near the ranges where UTF-8 and UTF-16 orders part (ASCII, 2- and 3-byte characters,
 * {@code U+D7FF}, {@code U+E000..U+FFFF}, supplementary characters), often sharing a prefix.
 * Replay one case with {@code -Dprop.seed=<seed>}.
 */
class Utf16OrderProperties {

    private static final int[][] RANGES = {
        {0x00, 0x7F}, {0x80, 0x7FF}, {0x800, 0xD7FF}, {0xD7F0, 0xD7FF}, {0xE000, 0xE0FF}, {0xFF00, 0xFFFF},
        {0x10000, 0x100FF}, {0x10FF00, 0x10FFFF}, {0x1F600, 0x1F64F},
    };

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void agreesWithStringCompareTo(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int pair = 0; pair < 200; pair++) {
            String prefix = text(random, random.nextInt(3));
            String a = prefix + text(random, random.nextInt(4));
            String b = random.nextInt(4) == 0 ? a : prefix + text(random, random.nextInt(4));
            int expected = Integer.signum(a.compareTo(b));
            int actual = Integer.signum(Utf16Order.INSTANCE.compare(utf8(a), utf8(b)));
            assertEquals(expected, actual, () -> "seed=" + seed + " a=" + escape(a) + " b=" + escape(b));
        }
    }

    @Test
    void supplementaryCharactersSortBetweenTheBmpBelowAndAboveTheSurrogates() {
        String below = "\uD7FF";
        String supplementary = "\uD83D\uDE00";
        String above = "\uE000";
        assertEquals(-1, Integer.signum(Utf16Order.INSTANCE.compare(utf8(below), utf8(supplementary))));
        assertEquals(-1, Integer.signum(Utf16Order.INSTANCE.compare(utf8(supplementary), utf8(above))));
        assertEquals(1, Integer.signum(Utf16Order.INSTANCE.compare(utf8("ab"), utf8("a"))));
    }

    private static String text(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] range = RANGES[random.nextInt(RANGES.length)];
            out.appendCodePoint(random.nextInt(range[0], range[1] + 1));
        }
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(String.format("U+%04X ", cp)));
        return out.toString().trim();
    }
}
