package dev.ios.kvstore;

import java.util.Objects;

/** Checks on the strings that keys and values may be. Stateless. */
final class Text {

    private Text() {}

    /**
     * Throws if {@code s} is null or holds a lone surrogate: such a string has no UTF-8 form, so it
     * could not cross the wire or a snapshot unchanged.
     */
    static void requireWellFormed(String s, String what) {
        Objects.requireNonNull(s, what);
        int bad = firstLoneSurrogate(s);
        if (bad >= 0) {
            throw new IllegalArgumentException(what + " holds a lone surrogate at char " + bad);
        }
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1 if it is well-formed. */
    static int firstLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
