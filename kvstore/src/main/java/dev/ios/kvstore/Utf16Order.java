package dev.ios.kvstore;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders valid UTF-8 byte strings exactly as their {@link String}s' {@code compareTo} orders them
 * (UTF-16 code units), without decoding: the store keeps keys as UTF-8 bytes to save memory, while
 * {@code print} and snapshots keep Java's {@code String} order (kvstore/README.md).
 *
 * <p>Byte order of UTF-8 is code point order, which differs from UTF-16 order in one place only:
 * a supplementary character (a surrogate pair, units {@code D800..DFFF}) sorts below
 * {@code U+E000..U+FFFF} in UTF-16 but above it by code point. Two valid strings with equal bytes up
 * to position {@code i} are at the same place in the same character there, so if the bytes at
 * {@code i} start characters, ranking the lead bytes with that one swap gives the UTF-16 order;
 * if they continue one character, both characters have the same lead byte and byte order is right.
 * Stateless.
 */
final class Utf16Order implements Comparator<byte[]> {

    /** The one instance. */
    static final Utf16Order INSTANCE = new Utf16Order();

    private Utf16Order() {}

    @Override
    public int compare(byte[] a, byte[] b) {
        int i = Arrays.mismatch(a, b);
        if (i < 0) {
            return 0;
        }
        if (i == a.length || i == b.length) {
            // One is a prefix of the other: the shorter first, in both orders.
            return a.length - b.length;
        }
        int x = a[i] & 0xFF;
        int y = b[i] & 0xFF;
        if (isContinuation(x) || isContinuation(y)) {
            return x - y;
        }
        return rank(x) - rank(y);
    }

    private static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * Lead bytes in UTF-16 order: below {@code EE} (code points below {@code U+E000}) unchanged;
     * {@code F0..F4} (supplementary, surrogate pairs in UTF-16) next; {@code EE, EF}
     * ({@code U+E000..U+FFFF}) last.
     */
    private static int rank(int lead) {
        if (lead >= 0xF0) {
            return lead - 0xF0 + 0xEE;
        }
        if (lead >= 0xEE) {
            return lead + 0x10;
        }
        return lead;
    }
}
