package dev.ios.bench.storage;

/**
 * One way of making a group of log records durable: what {@link LogSyncBenchmark} measures. Each
 * call to {@link #writeGroup} appends {@code recordsPerSync} records and returns once they are
 * durable (one sync for the whole group: group commit).
 *
 * <p>Threads: one thread calls every method. Failures: I/O errors propagate and end the benchmark.
 */
interface GroupWriter extends AutoCloseable {

    /** Appends {@code count} records whose payload is {@code payload}, then syncs them all at once. */
    void writeGroup(int count, byte[] payload) throws Exception;

    /** Releases files; does not sync. */
    @Override
    void close() throws Exception;
}
