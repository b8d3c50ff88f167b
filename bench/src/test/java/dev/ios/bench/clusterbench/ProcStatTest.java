package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading utime + stime from /proc/<pid>/stat, including command names with spaces and parentheses. */
class ProcStatTest {

    @Test
    void sumsUtimeAndStime() {
        String line = "1234 (java) S 1 1234 1234 0 -1 4194560 12345 0 0 0 250 75 0 0 20 0 30 0 100 0 0";
        assertEquals(325, ProcStat.cpuTicks(line));
    }

    @Test
    void countsFieldsFromTheLastParenthesis() {
        String line = "77 (a) b (c) d) R 1 77 77 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 0 0";
        assertEquals(10, ProcStat.cpuTicks(line));
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("no parenthesis here"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("1 (x) S 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("1 (x) S 1 1 1 0 -1 0 0 0 0 0 u s 0 0"));
    }

    @Test
    void readsThisProcess() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        assertTrue(ProcStat.cpuTicks(ProcessHandle.current().pid()) >= 0);
        assertEquals(-1, ProcStat.cpuTicks(-5), "no such process reads as unknown");
    }
}
