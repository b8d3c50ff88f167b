package dev.ios.bench.workload;

import java.time.Instant;

/**
 * Converts {@code System.nanoTime()} readings to nanoseconds since the Unix epoch (Ios's start
 * column is {@code time.Now().UnixNano()}). The wall clock is read once; later times are offsets
 * on the monotonic clock, so a clock step during a run cannot reorder or stretch rows.
 */
final class UnixClock {

    private final long unixNsAtStart;
    private final long monoNsAtStart;

    UnixClock() {
        Instant now = Instant.now();
        this.monoNsAtStart = System.nanoTime();
        this.unixNsAtStart = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The Unix time in nanoseconds of the monotonic reading {@code monoNs}. */
    long unixNs(long monoNs) {
        return unixNsAtStart + (monoNs - monoNsAtStart);
    }
}
