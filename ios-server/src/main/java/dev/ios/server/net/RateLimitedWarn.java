package dev.ios.server.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line for bad input, at most once per interval; the lines skipped in between are counted
 * and reported with the next one ({@code suppressed=N}), so a flood of garbage cannot flood the log.
 * Thread-safe and lock-free; never throws.
 */
public final class RateLimitedWarn {

    private final Logger log;
    private final long intervalNs;
    private final AtomicLong nextNs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /** Warns through {@code log} at most once per {@code intervalMs}. */
    public RateLimitedWarn(Logger log, long intervalMs) {
        this.log = log;
        this.intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
    }

    /** Logs {@code format} (SLF4J style, {@code key=value} pairs) unless a line went out recently. */
    public void warn(String format, Object... args) {
        long nowNs = System.nanoTime();
        long next = nextNs.get();
        if ((next != Long.MIN_VALUE && nowNs - next < 0) || !nextNs.compareAndSet(next, nowNs + intervalNs)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (log.isWarnEnabled()) {
            log.warn(skipped == 0 ? format : format + " suppressed=" + skipped, args);
        }
    }
}
