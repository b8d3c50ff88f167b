package dev.ios.server.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The server's metrics, rendered for {@code GET /metrics} in the Prometheus text exposition format
 * (version 0.0.4). Names are listed in {@code ios-server/README.md} ("Metrics").
 *
 * <p>Thread-safe. Every {@code record*} and counter method is cheap and wait-free (no locks, no
 * allocation), so the replica, storage and I/O threads call them on their hot paths; none of them
 * ever throws or blocks. {@link #renderPrometheus} takes a short lock per summary and allocates; call
 * it from a front-end thread, not from the replica thread.
 */
public final class Metrics {

    /** The quantiles every summary reports. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    /** Length of one quantile window (see {@link LatencySummary}). */
    static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(60);

    private static final double NS_PER_SECOND = 1e9;

    private final LongSupplier clockNs;
    private final LatencySummary requestLatency;
    private final LatencySummary commitLatency;
    private final LatencySummary fsyncLatency;
    private final LatencySummary batchRequests;
    private final LongAdder viewChanges = new LongAdder();
    private final AtomicLong logRecords = new AtomicLong();
    private final LongAdder droppedPeerMessages = new LongAdder();
    private final LongAdder rejectedClientRequests = new LongAdder();

    /** Metrics on the monotonic clock {@link System#nanoTime}. */
    public Metrics() {
        this(System::nanoTime);
    }

    /** Metrics on {@code clockNs} (tests move time by hand). */
    Metrics(LongSupplier clockNs) {
        this.clockNs = clockNs;
        long nowNs = clockNs.getAsLong();
        requestLatency = new LatencySummary(WINDOW_NS, nowNs);
        commitLatency = new LatencySummary(WINDOW_NS, nowNs);
        fsyncLatency = new LatencySummary(WINDOW_NS, nowNs);
        batchRequests = new LatencySummary(WINDOW_NS, nowNs);
    }

    /** One client request answered, {@code latencyNs} after it arrived. Counts toward the request rate. */
    public void recordRequest(long latencyNs) {
        requestLatency.record(latencyNs);
    }

    /** One index committed, {@code latencyNs} after the master proposed it. */
    public void recordCommit(long latencyNs) {
        commitLatency.record(latencyNs);
    }

    /** One fsync (or group commit) took {@code latencyNs}. */
    public void recordFsync(long latencyNs) {
        fsyncLatency.record(latencyNs);
    }

    /** One batch (log entry) proposed with {@code requests} client requests. */
    public void recordBatch(int requests) {
        batchRequests.record(requests);
    }

    /** This server moved to a new view. */
    public void viewChanged() {
        viewChanges.increment();
    }

    /** The log now holds {@code records} records. */
    public void setLogRecords(long records) {
        logRecords.set(records);
    }

    /** A peer message was dropped (peer down, too slow, or an inbound queue full). */
    public void droppedPeerMessage() {
        droppedPeerMessages.increment();
    }

    /** A client request was refused without effect (overloaded, malformed, too large). */
    public void rejectedClientRequest() {
        rejectedClientRequests.increment();
    }

    /** Peer messages dropped so far. */
    public long droppedPeerMessages() {
        return droppedPeerMessages.sum();
    }

    /** Client requests rejected so far. */
    public long rejectedClientRequests() {
        return rejectedClientRequests.sum();
    }

    /**
     * Every metric in the Prometheus text format: a {@code # HELP} and a {@code # TYPE} line per
     * metric, then its samples, {@code \n}-terminated. Latencies are in seconds, as Prometheus
     * names them. Any thread; never throws.
     */
    public String renderPrometheus() {
        long nowNs = clockNs.getAsLong();
        StringBuilder out = new StringBuilder(4096);
        counter(out, "ios_requests_total", "Client requests answered.", requestLatency.count());
        summary(out, "ios_request_latency_seconds", "Client request latency, arrival to answer.",
                requestLatency, nowNs, NS_PER_SECOND);
        summary(out, "ios_commit_latency_seconds", "Commit latency, proposal to chosen.",
                commitLatency, nowNs, NS_PER_SECOND);
        summary(out, "ios_fsync_latency_seconds", "Log fsync latency.", fsyncLatency, nowNs, NS_PER_SECOND);
        summary(out, "ios_batch_requests", "Client requests per proposed batch.", batchRequests, nowNs, 1);
        counter(out, "ios_view_changes_total", "Views this server has moved to.", viewChanges.sum());
        gauge(out, "ios_log_records", "Records held in the log.", logRecords.get());
        counter(out, "ios_peer_messages_dropped_total", "Peer messages dropped (peer down, slow or queue full).",
                droppedPeerMessages.sum());
        counter(out, "ios_client_requests_rejected_total", "Client requests refused without effect.",
                rejectedClientRequests.sum());
        gauge(out, "ios_jvm_heap_used_bytes", "Java heap in use now (includes garbage not yet collected).",
                HeapUsage.usedNow());
        gauge(out, "ios_jvm_heap_after_gc_bytes",
                "Java heap in use right after the last collection of each heap pool (what is really retained).",
                HeapUsage.usedAfterLastGc());
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void summary(StringBuilder out, String name, String help, LatencySummary summary, long nowNs,
            double unitsPerOutput) {
        header(out, name, help, "summary");
        Histogram window = summary.window(nowNs);
        for (double q : QUANTILES) {
            out.append(name).append("{quantile=\"").append(q).append("\"} ");
            // Prometheus renders a quantile with no observations in its window as NaN.
            if (window.getTotalCount() == 0) {
                out.append("NaN");
            } else {
                out.append(window.getValueAtPercentile(q * 100) / unitsPerOutput);
            }
            out.append('\n');
        }
        out.append(name).append("_sum ").append(summary.sum() / unitsPerOutput).append('\n');
        out.append(name).append("_count ").append(summary.count()).append('\n');
    }
}
