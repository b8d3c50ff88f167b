package dev.ios.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.config.WorkloadConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** latency.csv has Ios's five columns in Ios's order and format, one row per request. */
class LatencyCsvTest {

    @TempDir
    Path dir;

    @Test
    void oneLineInIosFormat() {
        RequestSample sample = new RequestSample(1_700_000_000_123_456_789L, 42, 1_234_567, 2, true, Outcome.SUCCESS);
        // client/stats.go: UnixNano, requestID, latency ns, tries, FormatBool(readonly).
        assertEquals("1700000000123456789,42,1234567,2,true", LatencyCsv.line(sample));
    }

    @Test
    void oneRowPerRequestOfAWholeRun() throws Exception {
        long seed = 11;
        int clients = 3;
        WorkloadConfig workload = new WorkloadConfig(30, 0, 10, 1, 8, 400);
        Path file = dir.resolve("latency.csv");
        Files.writeString(file, "a stale row from an earlier run\n");
        RunResult result;
        try (LatencyCsv csv = LatencyCsv.create(file); FakeKvClient client = new FakeKvClient(0)) {
            RunOptions options = new RunOptions(clients, Duration.ofSeconds(30), Duration.ofSeconds(5), false,
                    Duration.ofSeconds(1), null);
            result = WorkloadRunner.run(client, WorkloadGenerator.create(workload, seed), options, csv);
        }

        List<String> rows = Files.readAllLines(file);
        assertEquals(clients * workload.requests(), rows.size(), "seed=" + seed);
        assertEquals(result.summary().requests(), rows.size());
        Set<Long> requestIds = new HashSet<>();
        long reads = 0;
        long nowNs = System.currentTimeMillis() * 1_000_000L;
        for (String row : rows) {
            String[] columns = row.split(",", -1);
            assertEquals(5, columns.length, row);
            long startUnixNs = Long.parseLong(columns[0]);
            assertTrue(startUnixNs > nowNs - 60_000_000_000L && startUnixNs <= nowNs + 1_000_000_000L,
                    "start is Unix time in ns: " + row);
            assertTrue(requestIds.add(Long.parseLong(columns[1])), "request ids are unique: " + row);
            assertTrue(Long.parseLong(columns[2]) >= 0, row);
            assertEquals("0", columns[3], row);
            assertTrue(columns[4].equals("true") || columns[4].equals("false"), row);
            reads += columns[4].equals("true") ? 1 : 0;
        }
        // readonly marks exactly the gets the generator sent.
        long expectedReads = 0;
        WorkloadGenerator generator = WorkloadGenerator.create(workload, seed);
        for (int i = 0; i < clients; i++) {
            expectedReads += WorkloadGeneratorProperties.drain(generator.forClient(i)).stream()
                    .filter(WorkloadRequest::readOnly).count();
        }
        assertEquals(expectedReads, reads, "seed=" + seed);
    }
}
