package dev.ios.bench.clusterbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from Linux's {@code /proc/<pid>/stat}: {@code utime + stime} (fields
 * 14 and 15), in clock ticks of {@link #TICKS_PER_SECOND}.
 */
public final class ProcStat {

    /**
     * {@code USER_HZ}: what {@code getconf CLK_TCK} prints. It is 100 on every Linux architecture
     * the JDK runs on (the kernel fixes it for user space whatever its internal tick rate).
     */
    public static final int TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /**
     * {@code utime + stime} from the text of a {@code stat} file. The command name (field 2) is in
     * parentheses and may itself hold spaces and parentheses, so fields are counted from the last
     * {@code ')'}.
     *
     * @throws IllegalArgumentException if the text is not a {@code stat} line
     */
    public static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (no ')'): " + statLine);
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        if (fields.length < 13) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (too few fields): " + statLine);
        }
        try {
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (utime/stime not numbers): " + statLine, e);
        }
    }

    /** {@code utime + stime} of process {@code pid}, or -1 if it cannot be read (not Linux, process gone). */
    public static long cpuTicks(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }
}
