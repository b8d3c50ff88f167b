package dev.ios.bench.workload;

import java.io.PrintStream;
import java.time.Duration;

/**
 * How {@link WorkloadRunner} drives a workload.
 *
 * @param clients concurrent workers, each a closed loop with one request outstanding
 * @param duration the time bound: no request is sent after it; a run ends at most {@code duration +
 *     requestTimeout} (plus a second of grace) after it started, even against a client that hangs
 * @param requestTimeout how long a worker waits for one answer before counting it {@link Outcome#TIMED_OUT}
 * @param check compare every response with {@link KvModel} (Ios's {@code -check}); needs one client
 * @param progressInterval how often a progress line is printed and a timeline point taken
 * @param progress where progress lines go (stderr in {@code ios bench}), or null for none
 */
public record RunOptions(int clients, Duration duration, Duration requestTimeout, boolean check,
                         Duration progressInterval, PrintStream progress) {

    /** Checks the values; a bad one is a usage error, reported with what is allowed. */
    public RunOptions {
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be >= 1, was " + clients);
        }
        if (check && clients != 1) {
            // With several clients the order of writes to a key is the cluster's, not the model's.
            throw new IllegalArgumentException("-check needs exactly one client (--clients 1), was " + clients);
        }
        requirePositive("--duration", duration);
        requirePositive("request timeout", requestTimeout);
        requirePositive("progress interval", progressInterval);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
