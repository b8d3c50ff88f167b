package dev.ios.bench.clusterbench;

import java.time.Duration;

/**
 * Everything one benchmark run needs to know, from the flags.
 *
 * @param system what runs in the cluster: Ios, SOFAJRaft or Ratis (the last two ignore the preset and overrides)
 * @param preset base config name: {@code configs/<preset>/server.conf}
 * @param overrides what the flags change in it
 * @param servers servers to start
 * @param clients closed-loop clients
 * @param depth requests each client keeps in flight (1: a plain closed loop, one request at a time)
 * @param connections connections per server the clients share (0: one per client)
 * @param reads read percentage, 0 to 100
 * @param valueSize characters per written value
 * @param keys distinct keys the load uses
 * @param warmup load before the measured window
 * @param duration the measured window (the soak's length with {@code --soak})
 * @param requestTimeout a request without an answer after this long is an error
 * @param check record the history and check it
 * @param historyMax the most operations the check records
 * @param fill keys written before the load (0: none)
 * @param soak sample heaps every {@link #soakSampleEvery} during the load
 * @param soakSampleEvery the soak's sampling interval
 * @param seed the load's seed (keys, reads, which server serves a read)
 */
public record RunSpec(SystemUnderTest system, String preset, ConfigOverrides overrides, int servers, int clients, int depth, int connections, int reads,
                      int valueSize, int keys, Duration warmup, Duration duration, Duration requestTimeout, boolean check,
                      int historyMax, int fill, boolean soak, Duration soakSampleEvery, long seed) {

    /** Connections per server the load opens: one per client, or the shared count, at most one per client. */
    public int connectionsPerServer() {
        return LoadLoop.connectionsPerServer(clients, connections);
    }

    /** The same run with {@code clients} clients. */
    public RunSpec withClients(int clients) {
        return new RunSpec(system, preset, overrides, servers, clients, depth, connections, reads, valueSize, keys, warmup, duration,
                requestTimeout, check, historyMax, fill, soak, soakSampleEvery, seed);
    }

    /** The same run against {@code system}. */
    public RunSpec withSystem(SystemUnderTest system) {
        return new RunSpec(system, preset, overrides, servers, clients, depth, connections, reads, valueSize, keys, warmup, duration,
                requestTimeout, check, historyMax, fill, soak, soakSampleEvery, seed);
    }

    /** The same run with delegation and thrifty replaced. */
    public RunSpec withDelegation(int delegation, boolean thrifty) {
        ConfigOverrides o = overrides;
        ConfigOverrides changed = new ConfigOverrides(delegation, thrifty, o.participantRead(), o.implicitWindowCommit(),
                o.windowSize(), o.maxBatch(), o.persistence(), o.snapshotInterval(), o.participantHandle(),
                o.explicitCommit(), o.syncOnLoop());
        return new RunSpec(system, preset, changed, servers, clients, depth, connections, reads, valueSize, keys, warmup, duration,
                requestTimeout, check, historyMax, fill, soak, soakSampleEvery, seed);
    }
}
