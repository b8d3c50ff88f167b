package dev.ios.server.net;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for network tests: wait for a condition, never for a fixed time. */
final class Await {

    private Await() {}

    /** Polls {@code condition} every few milliseconds until true; fails with {@code what} after {@code timeout}. */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get());
            }
        }
    }
}
