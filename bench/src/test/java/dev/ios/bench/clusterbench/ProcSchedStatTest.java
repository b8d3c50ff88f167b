package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading run-queue wait from schedstat lines and summing it over a process's threads. */
class ProcSchedStatTest {

    @Test
    void readsTheSecondField() {
        assertEquals(2_500_000L, ProcSchedStat.waitNs("123456789 2500000 42\n"));
    }

    @Test
    void refusesWhatIsNotASchedstatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcSchedStat.waitNs("1 2"));
        assertThrows(IllegalArgumentException.class, () -> ProcSchedStat.waitNs("1 x 3"));
        assertThrows(IllegalArgumentException.class, () -> ProcSchedStat.waitNs("1 -2 3"));
    }

    @Test
    void sumsEveryThread(@TempDir Path proc) throws IOException {
        thread(proc, "10", "500 100 7");
        thread(proc, "11", "900 250 3");
        thread(proc, "12", "0 0 0");
        assertEquals(350, ProcSchedStat.waitNsOfTasks(proc));
    }

    @Test
    void unreadableIsUnknown(@TempDir Path proc) throws IOException {
        assertEquals(-1, ProcSchedStat.waitNsOfTasks(proc.resolve("gone")), "no such process");
        assertEquals(-1, ProcSchedStat.waitNsOfTasks(proc), "no threads");
        thread(proc, "10", "garbage");
        assertEquals(-1, ProcSchedStat.waitNsOfTasks(proc), "a line that is not schedstat");
    }

    @Test
    void readsThisProcess() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/schedstat")), "needs Linux schedstats");
        assertTrue(ProcSchedStat.waitNs(ProcessHandle.current().pid()) >= 0);
        assertEquals(-1, ProcSchedStat.waitNs(-5), "no such process reads as unknown");
    }

    private static void thread(Path proc, String tid, String schedstat) throws IOException {
        Files.createDirectories(proc.resolve(tid));
        Files.writeString(proc.resolve(tid).resolve("schedstat"), schedstat + "\n");
    }
}
