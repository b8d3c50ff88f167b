package dev.ios.config;

/**
 * The integers a key allows, {@code min..max} inclusive, and the words that say so in messages.
 *
 * @param min the smallest allowed value
 * @param max the largest allowed value; {@link Integer#MAX_VALUE} reads as "no upper bound"
 */
record IntRange(int min, int max) {

    IntRange {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
    }

    /** {@code min..} with no upper bound but the int range. */
    static IntRange atLeast(int min) {
        return new IntRange(min, Integer.MAX_VALUE);
    }

    boolean contains(long value) {
        return value >= min && value <= max;
    }

    /** E.g. {@code an integer >= 1} or {@code an integer from 1 to 65535}. */
    String describe() {
        return max == Integer.MAX_VALUE
                ? "an integer >= " + min
                : "an integer from " + min + " to " + max;
    }

    /**
     * For the constructors of the models: a value outside the range is a programming error there,
     * because parsed values were already checked with a message naming file and line.
     */
    int require(String key, int value) {
        if (!contains(value)) {
            throw new IllegalArgumentException(key + " must be " + describe() + ", was " + value);
        }
        return value;
    }
}
