package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.workload.History;
import dev.ios.bench.workload.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --check}'s verdict: PASS for a clean history; FAIL names the violation and lists the key's operations. */
class HistoryReportTest {

    @Test
    void aCleanHistoryPasses() {
        History history = new History();
        history.record(0, "update k1 a", "OK", 10, 20, Outcome.SUCCESS);
        history.record(1, "get k1", "a", 30, 40, Outcome.SUCCESS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("PASS", HistoryReport.checkAndPrint(history, new PrintStream(out, true)));
        assertEquals("# check of 2 operations: PASS", out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void aStaleReadFailsAndShowsTheKey() {
        History history = new History();
        history.record(0, "update k1 a", "OK", 10, 20, Outcome.SUCCESS);
        history.record(0, "update k1 b", "OK", 30, 40, Outcome.SUCCESS);
        history.record(1, "get k1", "a", 50, 60, Outcome.SUCCESS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("FAIL", HistoryReport.checkAndPrint(history, new PrintStream(out, true)));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("# check of 3 operations: FAIL"), printed);
        assertTrue(printed.contains("stale"), printed);
        assertTrue(printed.contains("every operation on k1"), printed);
        assertEquals(3, printed.lines().filter(line -> line.matches("#\\s+[0-9.]+ \\.\\. .*")).count(), printed);
    }
}
