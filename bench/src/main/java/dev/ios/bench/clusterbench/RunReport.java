package dev.ios.bench.clusterbench;

import java.util.List;
import java.util.Locale;

/**
 * The result of one benchmark run: what {@code ios clusterbench} prints as one JSON line and one
 * table row. Latencies in microseconds, CPU in cores (CPU seconds per wall second).
 *
 * @param system {@code ios}, {@code sofajraft} or {@code ratis}
 * @param servers servers in the cluster
 * @param clients closed-loop clients
 * @param depth requests each client kept in flight (1: one at a time)
 * @param connections connections per server the clients used (fewer than the clients: shared)
 * @param preset the base config ({@code simple}, {@code delegated}, {@code fpaxos}; {@code n/a} for SOFAJRaft and
 *     Ratis, whose runs give 0 and false for Ios's knobs below and 0 for window and maxBatch)
 * @param delegation {@code delegateReplication} as run
 * @param thrifty {@code thriftyQuorum} as run
 * @param participantRead {@code participantRead} as run
 * @param window {@code windowSize} as run
 * @param maxBatch {@code maxBatch} as run
 * @param persistence {@code persistenceMode} as run
 * @param reads read percentage
 * @param valueSize bytes per written value
 * @param durationS length of the measured window, seconds
 * @param ops requests that succeeded in the window
 * @param errors requests that failed in the window (timeouts included)
 * @param timeouts requests that got no answer within the request timeout
 * @param latency latency of the successful requests
 * @param floorUs fsync p50 + loopback p50 measured before the servers started
 * @param masterId the master's id
 * @param masterCpuShare the master's share of all servers' CPU time in the window, 0 to 1 (-1 unknown)
 * @param serverCpuCores each server's CPU time in the window divided by its length
 * @param clientCpuCores the same for the benchmark's own JVM (the lean client); near 1 means the
 *     client's one thread, not the cluster, may have been the limit
 *     <p>From these two, {@link #cpuUsPerOp()} and {@link #serverCpuUsPerOp()}: CPU time per request,
 *     which moves far less than ops/s when other tenants take the machine's cores.
 * @param serverWaitCores each server's threads' time runnable but waiting for a CPU in the window,
 *     summed and divided by its length (Linux schedstat; -1 unknown): where the servers and the load
 *     generator share few cores, or a VM's idle CPUs are slow to wake, this is latency no code of
 *     theirs spends
 * @param clientWaitCores the same for the benchmark's own JVM
 * @param heapAfterGcBytes each server's heap after GC after the run (-1 unknown)
 * @param heapSource where the heap numbers came from: {@code metrics}, {@code jcmd} or {@code none}
 * @param check {@code PASS}, {@code FAIL} or null when not checked
 * @param readLatency latency of the reads alone (count 0 without reads)
 * @param writeLatency latency of the writes alone
 * @param latencyByServer latency by the server that answered, by server id (all on the master unless
 *     clients are spread or reads go to random servers)
 */
public record RunReport(String system, int servers, int clients, int depth, int connections, String preset, int delegation, boolean thrifty,
                        boolean participantRead, int window, int maxBatch, String persistence, int reads, int valueSize, double durationS, long ops,
                        long errors, long timeouts, LatencyStats latency, double floorUs, int masterId, double masterCpuShare,
                        List<Double> serverCpuCores, double clientCpuCores, List<Double> serverWaitCores,
                        double clientWaitCores, List<Long> heapAfterGcBytes, String heapSource, String check,
                        LatencyStats readLatency, LatencyStats writeLatency, List<LatencyStats> latencyByServer) {

    /** Successful requests per second of the window. */
    public double opsPerSec() {
        return durationS > 0 ? ops / durationS : 0;
    }

    /**
     * CPU time of the servers and the load generator together per successful request, in
     * microseconds; 0 if unknown. On a machine where they share the cores, throughput is at most the
     * cores over this.
     */
    public double cpuUsPerOp() {
        double servers = serverCpuUsPerOp();
        return servers > 0 && clientCpuCores >= 0 ? servers + clientCpuCores * 1e6 / opsPerSec() : 0;
    }

    /** CPU time of the servers alone per successful request, in microseconds; 0 if unknown. */
    public double serverCpuUsPerOp() {
        if (ops == 0 || durationS <= 0 || serverCpuCores.isEmpty()) {
            return 0;
        }
        double cores = 0;
        for (double c : serverCpuCores) {
            if (c < 0) {
                return 0;
            }
            cores += c;
        }
        return cores * 1e6 / opsPerSec();
    }

    /** The median over the floor; 0 if either is unknown. */
    public double p50OverFloor() {
        return floorUs > 0 && latency.count() > 0 ? latency.p50Us() / floorUs : 0;
    }

    /** One JSON object on one line, with every field always present (null for "not checked"). */
    public String toJson() {
        StringBuilder out = new StringBuilder(512).append('{');
        field(out, "system", quote(system));
        field(out, "servers", Integer.toString(servers));
        field(out, "clients", Integer.toString(clients));
        field(out, "depth", Integer.toString(depth));
        field(out, "connections", Integer.toString(connections));
        field(out, "preset", quote(preset));
        field(out, "delegation", Integer.toString(delegation));
        field(out, "thrifty", Boolean.toString(thrifty));
        field(out, "participantRead", Boolean.toString(participantRead));
        field(out, "window", Integer.toString(window));
        field(out, "maxBatch", Integer.toString(maxBatch));
        field(out, "persistence", quote(persistence));
        field(out, "reads", Integer.toString(reads));
        field(out, "valueSize", Integer.toString(valueSize));
        field(out, "durationS", number(durationS));
        field(out, "ops", Long.toString(ops));
        field(out, "opsPerSec", number(opsPerSec()));
        field(out, "errors", Long.toString(errors));
        field(out, "timeouts", Long.toString(timeouts));
        field(out, "p50Us", number(latency.p50Us()));
        field(out, "p90Us", number(latency.p90Us()));
        field(out, "p99Us", number(latency.p99Us()));
        field(out, "p999Us", number(latency.p999Us()));
        field(out, "maxUs", number(latency.maxUs()));
        field(out, "floorUs", number(floorUs));
        field(out, "p50OverFloor", number(p50OverFloor()));
        field(out, "masterId", Integer.toString(masterId));
        field(out, "masterCpuShare", number(masterCpuShare));
        field(out, "serverCpuCores", list(serverCpuCores.stream().map(RunReport::number).toList()));
        field(out, "clientCpuCores", number(clientCpuCores));
        field(out, "cpuUsPerOp", number(cpuUsPerOp()));
        field(out, "serverCpuUsPerOp", number(serverCpuUsPerOp()));
        field(out, "serverWaitCores", list(serverWaitCores.stream().map(RunReport::number).toList()));
        field(out, "clientWaitCores", number(clientWaitCores));
        field(out, "heapAfterGcBytes", list(heapAfterGcBytes.stream().map(String::valueOf).toList()));
        field(out, "heapSource", quote(heapSource));
        field(out, "check", check == null ? "null" : quote(check));
        field(out, "readP50Us", number(readLatency.p50Us()));
        field(out, "readP99Us", number(readLatency.p99Us()));
        field(out, "writeP50Us", number(writeLatency.p50Us()));
        field(out, "writeP99Us", number(writeLatency.p99Us()));
        field(out, "p99UsByServer", list(latencyByServer.stream().map(l -> number(l.p99Us())).toList()));
        field(out, "p999UsByServer", list(latencyByServer.stream().map(l -> number(l.p999Us())).toList()));
        out.setLength(out.length() - 1);
        return out.append('}').toString();
    }

    /** The table's header line (print once). */
    public static String tableHeader() {
        return String.format(Locale.ROOT, "%-9s %-9s %5s %7s %6s %8s %10s %8s %8s %8s %8s %8s %6s %6s %6s %6s %7s %s",
                "system", "preset", "deleg", "thrifty", "reads", "cli", "ops/s", "errors", "p50us", "p90us", "p99us", "p999us",
                "/floor", "master", "mshare", "client", "cpuus/op", "cpu cores per server | waiting for a cpu");
    }

    /** This run as one table row under {@link #tableHeader()}. */
    public String tableRow() {
        String cores = coresColumn(serverCpuCores) + " | " + coresColumn(serverWaitCores);
        return String.format(Locale.ROOT, "%-9s %-9s %5d %7s %6d %8s %10.0f %8d %8.0f %8.0f %8.0f %8.0f %6.1f %6d %6.2f %6.2f %8.1f %s",
                system, preset, delegation, thrifty ? "on" : "off", reads, clientsColumn(), opsPerSec(), errors, latency.p50Us(),
                latency.p90Us(), latency.p99Us(), latency.p999Us(), p50OverFloor(), masterId, masterCpuShare, clientCpuCores,
                cpuUsPerOp(), cores);
    }

    private static String coresColumn(List<Double> cores) {
        StringBuilder column = new StringBuilder();
        for (double c : cores) {
            column.append(column.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", c));
        }
        return column.toString();
    }

    /**
     * The clients; with more than one request in flight each, "x depth"; with fewer connections than
     * clients, "/ connections c": a pipelined or multiplexed run is labelled (64x4, 64/8c).
     */
    String clientsColumn() {
        String column = depth > 1 ? clients + "x" + depth : Integer.toString(clients);
        return connections < clients ? column + "/" + connections + "c" : column;
    }

    private static void field(StringBuilder out, String name, String jsonValue) {
        out.append('"').append(name).append("\":").append(jsonValue).append(',');
    }

    private static String list(List<String> values) {
        return "[" + String.join(",", values) + "]";
    }

    /** A finite number with at most three decimals; JSON has no NaN or infinity, so those become -1. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-1";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Our strings are names and words: only quotes and backslashes need escaping. */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
