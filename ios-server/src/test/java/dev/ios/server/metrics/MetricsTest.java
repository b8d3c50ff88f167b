package dev.ios.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus rendering parses line by line, names every metric once, and its quantiles are sane. */
class MetricsTest {

    private static final Pattern HELP = Pattern.compile("# HELP (ios_[a-z_]+) \\S.*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (ios_[a-z_]+) (counter|gauge|summary)");
    private static final Pattern SAMPLE =
            Pattern.compile("(ios_[a-z_]+)(\\{quantile=\"(0\\.\\d+)\"\\})? (NaN|-?\\d+(\\.\\d+)?([eE]-?\\d+)?)");

    /** Every line is HELP, TYPE or a sample; samples belong to the metric last typed. Returns samples. */
    private static Map<String, Double> parse(String text) {
        assertTrue(text.endsWith("\n"), "ends with a newline");
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        String current = null;
        String type = null;
        for (String line : text.split("\n")) {
            Matcher help = HELP.matcher(line);
            Matcher typeLine = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                current = help.group(1);
            } else if (typeLine.matches()) {
                assertEquals(current, typeLine.group(1), "TYPE follows its HELP: " + line);
                assertTrue(typed.add(current), "typed once: " + current);
                type = typeLine.group(2);
            } else if (sample.matches()) {
                String name = sample.group(1);
                boolean ok = name.equals(current) || (type.equals("summary")
                        && (name.equals(current + "_sum") || name.equals(current + "_count")));
                assertTrue(ok, "sample of the current metric: " + line);
                String key = sample.group(3) == null ? name : name + "@" + sample.group(3);
                samples.put(key, sample.group(4).equals("NaN") ? Double.NaN : Double.parseDouble(sample.group(4)));
            } else {
                throw new AssertionError("unparseable line: " + line);
            }
        }
        return samples;
    }

    @Test
    void emptyMetricsRenderZerosAndNaNQuantiles() {
        Map<String, Double> s = parse(new Metrics().renderPrometheus());
        assertEquals(0.0, s.get("ios_requests_total"));
        assertTrue(s.get("ios_request_latency_seconds@0.5").isNaN());
        assertEquals(0.0, s.get("ios_request_latency_seconds_count"));
        assertEquals(0.0, s.get("ios_log_records"));
        for (String name : new String[] {"ios_commit_latency_seconds_count", "ios_fsync_latency_seconds_count",
            "ios_batch_requests_count", "ios_view_changes_total", "ios_peer_messages_dropped_total",
            "ios_client_requests_rejected_total"}) {
            assertEquals(0.0, s.get(name), name);
        }
    }

    @Test
    void quantilesCountersAndGaugesFollowTheRecords() {
        Metrics m = new Metrics();
        // 1..1000 ms: p50 ~ 0.5 s, p90 ~ 0.9 s, p99 ~ 0.99 s.
        for (int ms = 1; ms <= 1000; ms++) {
            m.recordRequest(TimeUnit.MILLISECONDS.toNanos(ms));
            m.recordCommit(TimeUnit.MICROSECONDS.toNanos(ms));
        }
        m.recordFsync(2_000_000);
        m.recordBatch(3);
        m.recordBatch(5);
        m.viewChanged();
        m.viewChanged();
        m.setLogRecords(42);
        m.droppedPeerMessage();
        m.rejectedClientRequest();
        m.recordRequest(-5); // clamped to 0, never throws
        m.recordRequest(Long.MAX_VALUE); // clamped to the maximum, never throws
        Map<String, Double> s = parse(m.renderPrometheus());
        assertEquals(1002.0, s.get("ios_requests_total"));
        assertEquals(1002.0, s.get("ios_request_latency_seconds_count"));
        assertEquals(0.5, s.get("ios_request_latency_seconds@0.5"), 0.01);
        assertEquals(0.9, s.get("ios_request_latency_seconds@0.9"), 0.01);
        assertEquals(0.99, s.get("ios_request_latency_seconds@0.99"), 0.01);
        assertTrue(s.get("ios_request_latency_seconds@0.999") >= s.get("ios_request_latency_seconds@0.99"));
        assertEquals(0.0005, s.get("ios_commit_latency_seconds@0.5"), 0.00001);
        assertEquals(0.002, s.get("ios_fsync_latency_seconds@0.5"), 0.00001);
        assertEquals(8.0, s.get("ios_batch_requests_sum"));
        assertEquals(2.0, s.get("ios_batch_requests_count"));
        assertEquals(2.0, s.get("ios_view_changes_total"));
        assertEquals(42.0, s.get("ios_log_records"));
        assertEquals(1.0, s.get("ios_peer_messages_dropped_total"));
        assertEquals(1.0, s.get("ios_client_requests_rejected_total"));
    }

    @Test
    void heapGaugesReportThisJvmsHeapAfterACollection() {
        // Retain a few megabytes across a collection, so "after GC" cannot be zero.
        byte[][] retained = new byte[8][1 << 20];
        System.gc();
        Map<String, Double> s = parse(new Metrics().renderPrometheus());
        assertTrue(s.get("ios_jvm_heap_used_bytes") > 0, "heap in use");
        assertTrue(s.get("ios_jvm_heap_after_gc_bytes") >= retained.length * (double) retained[0].length,
                () -> "after GC " + s.get("ios_jvm_heap_after_gc_bytes") + " retains the 8 MiB held");
    }

    @Test
    void quantilesSlideOutAfterTwoWindowsWhileCountsStay() {
        AtomicLong nowNs = new AtomicLong(0);
        Metrics m = new Metrics(nowNs::get);
        m.recordRequest(1_000_000);
        assertEquals(0.001, parse(m.renderPrometheus()).get("ios_request_latency_seconds@0.5"), 0.00001);
        nowNs.addAndGet(Metrics.WINDOW_NS);
        assertEquals(0.001, parse(m.renderPrometheus()).get("ios_request_latency_seconds@0.5"), 0.00001,
                "still in the previous window");
        nowNs.addAndGet(Metrics.WINDOW_NS);
        Map<String, Double> s = parse(m.renderPrometheus());
        assertTrue(s.get("ios_request_latency_seconds@0.5").isNaN(), "slid out");
        assertEquals(1.0, s.get("ios_request_latency_seconds_count"));
    }

    @Test
    void recordingFromManyThreadsLosesNothing() throws InterruptedException {
        Metrics m = new Metrics();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    m.recordRequest(i);
                    m.droppedPeerMessage();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        Map<String, Double> s = parse(m.renderPrometheus());
        assertEquals(40_000.0, s.get("ios_requests_total"));
        assertEquals(40_000.0, s.get("ios_peer_messages_dropped_total"));
    }
}
