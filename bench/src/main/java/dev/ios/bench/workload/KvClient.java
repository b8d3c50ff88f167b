package dev.ios.bench.workload;

/**
 * The seam between the workload generator and a cluster: the real Ios client (clientcli) plugs in
 * here once it exists; tests and {@code ios bench --fake} use {@link FakeKvClient}.
 *
 * <p>Threads: {@link #submit} is called by every worker of the runner at once, so implementations
 * must be thread-safe; each worker has at most one request outstanding (a closed loop). The client
 * follows master hints and retries on its own; the future completes once the request has ended in
 * one of the outcomes of {@link KvResult}. The runner bounds the wait itself, so a client that never
 * answers slows a run but never hangs it.
 */
public interface KvClient extends AutoCloseable {

    /**
     * Sends {@code command} (an Ios key-value command such as {@code update k v}); {@code readOnly}
     * marks a read, as Ios's {@code ReadOnly} field does. Never blocks on the network.
     */
    PendingRequest submit(String command, boolean readOnly);

    /** Closes connections; requests still outstanding complete exceptionally or not at all. */
    @Override
    void close();
}
