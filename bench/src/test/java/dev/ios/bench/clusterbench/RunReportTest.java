package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-run JSON line parses as one object with every field, and the table row lines up with its header. */
class RunReportTest {

    /** Every field a run's JSON line must have, in order: the CI smoke test checks the same list. */
    static final List<String> FIELDS = List.of("system", "servers", "clients", "depth", "connections", "preset", "delegation", "thrifty", "participantRead",
            "window", "maxBatch", "persistence", "reads", "valueSize", "durationS", "ops", "opsPerSec", "errors", "timeouts",
            "p50Us", "p90Us", "p99Us", "p999Us", "maxUs", "floorUs", "p50OverFloor", "masterId", "masterCpuShare",
            "serverCpuCores", "clientCpuCores", "cpuUsPerOp", "serverCpuUsPerOp", "serverWaitCores", "clientWaitCores", "heapAfterGcBytes", "heapSource", "check", "readP50Us", "readP99Us",
            "writeP50Us", "writeP99Us", "p99UsByServer", "p999UsByServer");

    static RunReport sample(String check) {
        return new RunReport("ios", 3, 8, 1, 8, "simple", 0, false, false, 64, 256, "fsync", 0, 100, 10.0, 12345, 2, 1,
                new LatencyStats(12345, 410.5, 800, 1500.25, 3000, 4200), 205.25, 1, 0.5, List.of(0.2, 0.9, 0.7),
                0.4, List.of(0.1, 0.35, -1.0), 0.05, List.of(30_000_000L, -1L, 31_000_000L), "jcmd", check, new LatencyStats(5000, 300, 500, 900, 1000, 1200),
                new LatencyStats(7345, 450, 800, 1500.25, 3000, 4200),
                List.of(new LatencyStats(5000, 400, 700, 1400, 2900, 4000), new LatencyStats(0, 0, 0, 0, 0, 0),
                        new LatencyStats(7345, 420, 810, 1600, 3100, 4200)));
    }

    @Test
    void jsonLineHasEveryFieldInOrder() throws Exception {
        String json = sample(null).toJson();
        assertTrue(!json.contains("\n") && json.startsWith("{") && json.endsWith("}"), json);
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertEquals(FIELDS, names);
        assertEquals("ios", node.get("system").asText());
        assertEquals(1234.5, node.get("opsPerSec").asDouble(), 1e-9);
        assertEquals(2.0, node.get("p50OverFloor").asDouble(), 1e-3);
        assertEquals(0.9, node.get("serverCpuCores").get(1).asDouble(), 1e-9);
        assertEquals(-1, node.get("heapAfterGcBytes").get(1).asLong());
        assertEquals(0.35, node.get("serverWaitCores").get(1).asDouble(), 1e-9);
        assertEquals(-1, node.get("serverWaitCores").get(2).asDouble(), 1e-9);
        assertEquals(0.05, node.get("clientWaitCores").asDouble(), 1e-9);
        // 1.8 server cores and 0.4 client cores at 1,234.5 requests per second.
        assertEquals(1.8e6 / 1234.5, node.get("serverCpuUsPerOp").asDouble(), 1e-3);
        assertEquals(2.2e6 / 1234.5, node.get("cpuUsPerOp").asDouble(), 1e-3);
        assertTrue(node.get("check").isNull());
        assertEquals(300, node.get("readP50Us").asDouble(), 1e-9);
        assertEquals(450, node.get("writeP50Us").asDouble(), 1e-9);
        assertEquals(1600, node.get("p99UsByServer").get(2).asDouble(), 1e-9);
        assertEquals(2900, node.get("p999UsByServer").get(0).asDouble(), 1e-9);
        assertEquals("PASS", new ObjectMapper().readTree(sample("PASS").toJson()).get("check").asText());
    }

    @Test
    void numbersStayValidJson() {
        assertEquals("-1", RunReport.number(Double.NaN));
        assertEquals("-1", RunReport.number(Double.POSITIVE_INFINITY));
        assertEquals("3", RunReport.number(3.0));
        assertEquals("0.125", RunReport.number(0.125));
    }

    @Test
    void ratiosOfAnEmptyRunAreZero() {
        RunReport empty = new RunReport("ios", 3, 1, 1, 1, "simple", 0, false, false, 64, 256, "fsync", 0, 100, 0, 0, 0, 0,
                new LatencyStats(0, 0, 0, 0, 0, 0), 100, 0, -1, List.of(), 0, List.of(), 0, List.of(), "none", null,
                new LatencyStats(0, 0, 0, 0, 0, 0), new LatencyStats(0, 0, 0, 0, 0, 0), List.of());
        assertEquals(0, empty.opsPerSec());
        assertEquals(0, empty.p50OverFloor());
        assertEquals(0, empty.cpuUsPerOp());
        assertEquals(0, empty.serverCpuUsPerOp());
    }

    @Test
    void cpuPerRequestIsUnknownWhenAServersCpuIs() {
        RunReport sample = sample(null);
        RunReport unknown = new RunReport("ios", 3, 8, 1, 8, "simple", 0, false, false, 64, 256, "fsync", 0, 100, 10.0, 12345, 2, 1,
                sample.latency(), 205.25, 1, -1, List.of(0.2, -1.0, 0.7), 0.4, sample.serverWaitCores(), 0.05, sample.heapAfterGcBytes(), "jcmd", null,
                sample.readLatency(), sample.writeLatency(), sample.latencyByServer());
        assertEquals(0, unknown.serverCpuUsPerOp());
        assertEquals(0, unknown.cpuUsPerOp());
    }

    /** The sample's figures with another load shape: clients, requests in flight each, connections. */
    private static RunReport shaped(int clients, int depth, int connections) {
        RunReport sample = sample(null);
        return new RunReport("ios", 3, clients, depth, connections, "simple", 0, false, false, 64, 256, "fsync", 0, 100, 10.0,
                12345, 2, 1, sample.latency(), 205.25, 1, 0.5, sample.serverCpuCores(), 0.4, sample.serverWaitCores(), 0.05, sample.heapAfterGcBytes(), "jcmd",
                null, sample.readLatency(), sample.writeLatency(), sample.latencyByServer());
    }

    @Test
    void aPipelinedRunSaysSoInItsRow() {
        RunReport sample = sample(null);
        RunReport pipelined = shaped(64, 4, 64);
        assertTrue(pipelined.tableRow().contains(" 64x4 "), pipelined.tableRow());
        assertTrue(!sample.tableRow().contains("x1"), sample.tableRow());
        assertEquals(4, pipelined.depth());
    }

    @Test
    void aMultiplexedRunSaysSoInItsRowAndJson() {
        RunReport sample = sample(null);
        RunReport shared = shaped(64, 1, 8);
        assertTrue(shared.tableRow().contains(" 64/8c "), shared.tableRow());
        assertTrue(shared.toJson().contains("\"connections\":8,"), shared.toJson());
        assertTrue(!sample.tableRow().contains("c "), "one connection per client is not labelled: " + sample.tableRow());
    }

    @Test
    void tableRowHasAColumnPerHeaderColumn() {
        String[] header = RunReport.tableHeader().split("\\s+");
        String[] row = sample(null).tableRow().split("\\s+");
        // The last header words, "cpu cores per server | waiting for a cpu", head one value per
        // server on either side of the bar.
        assertEquals(header.length - 9 + 7, row.length, RunReport.tableHeader() + "\n" + sample(null).tableRow());
        assertTrue(sample(null).tableRow().endsWith(" 0.20 0.90 0.70 | 0.10 0.35 -1.00"), sample(null).tableRow());
    }
}
