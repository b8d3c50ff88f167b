package dev.ios.consensus.testkit;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for randomised tests, printed and replayable.
 *
 * <p>{@code -D<property>=<seed>} runs exactly that one seed (replay); {@code -D<property>s=<n>}
 * runs {@code n} seeds (a soak). Otherwise {@code defaultCount} seeds are derived from a fixed
 * base, so CI is repeatable. Use as a JUnit {@code @MethodSource}; put the seed in every failure
 * message (e.g. {@code () -> "seed=" + seed}) so it can be replayed.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * The seeds to run for {@code property} (e.g. {@code "sim.seed"} or {@code "prop.seed"}).
     * The soak count is read from {@code property + "s"}.
     */
    public static LongStream of(String property, int defaultCount) {
        String one = System.getProperty(property, "");
        if (!one.isBlank()) {
            return LongStream.of(Long.parseLong(one.trim()));
        }
        String many = System.getProperty(property + "s", "");
        int count = many.isBlank() ? defaultCount : Integer.parseInt(many.trim());
        // A fixed base keeps CI runs identical; each seed is independent of the count.
        SplittableRandom base = new SplittableRandom(0x105_1055L);
        return LongStream.generate(base::nextLong).limit(count);
    }

    /**
     * Like {@link #of}, but the seeds are {@code base, base + 1, ...}: for tests that derive a
     * matrix cell from {@code seed mod cells} and must cover every cell in a default run.
     */
    public static LongStream consecutive(String property, int defaultCount, long base) {
        String one = System.getProperty(property, "");
        if (!one.isBlank()) {
            return LongStream.of(Long.parseLong(one.trim()));
        }
        String many = System.getProperty(property + "s", "");
        int count = many.isBlank() ? defaultCount : Integer.parseInt(many.trim());
        return LongStream.range(base, base + count);
    }

    /** {@link #of} for the property tests: {@code -Dprop.seed=}, {@code -Dprop.seeds=}. */
    public static LongStream properties(int defaultCount) {
        return of("prop.seed", defaultCount);
    }
}
