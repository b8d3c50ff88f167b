package dev.ios.bench.clusterbench;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time a process's threads spent runnable but waiting for a CPU, from Linux's
 * {@code /proc/<pid>/task/<tid>/schedstat} ({@code cpu_ns wait_ns timeslices}, the second field).
 *
 * <p>Why the bench reads it: on a machine whose cores the servers and the load generator share
 * (and, on a VM, whose idle virtual CPUs must be woken by the host), a request's latency holds
 * every thread wake-up on its path; this shows how much of the window each process spent waiting
 * to run, beside the CPU it used. The process-level file counts only the main thread, so the
 * threads' files are summed; a thread that ends between two readings drops out of the later sum,
 * which is why readings are only compared for the short window of one run.
 */
public final class ProcSchedStat {

    private ProcSchedStat() {}

    /**
     * The wait time (second field, nanoseconds) of one {@code schedstat} line.
     *
     * @throws IllegalArgumentException if the text is not a {@code schedstat} line
     */
    public static long waitNs(String schedstatLine) {
        String[] fields = schedstatLine.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("not a schedstat line (want cpu_ns wait_ns timeslices): " + schedstatLine);
        }
        try {
            long wait = Long.parseLong(fields[1]);
            if (wait < 0) {
                throw new IllegalArgumentException("not a schedstat line (negative wait): " + schedstatLine);
            }
            return wait;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a schedstat line (wait_ns not a number): " + schedstatLine, e);
        }
    }

    /**
     * The wait time of all threads of process {@code pid}, in nanoseconds, or -1 if it cannot be
     * read (not Linux, no schedstats in this kernel, process gone).
     */
    public static long waitNs(long pid) {
        return waitNsOfTasks(Path.of("/proc", Long.toString(pid), "task"));
    }

    /** The sum over the {@code <tid>/schedstat} files under {@code taskDirectory}; -1 if unreadable. */
    static long waitNsOfTasks(Path taskDirectory) {
        long sum = 0;
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDirectory)) {
            for (Path task : tasks) {
                String line;
                try {
                    line = Files.readString(task.resolve("schedstat"));
                } catch (IOException e) {
                    continue; // the thread ended after the listing (no such file, or no such process)
                }
                sum += waitNs(line);
                any = true;
            }
        } catch (IOException | DirectoryIteratorException | IllegalArgumentException e) {
            return -1;
        }
        return any ? sum : -1;
    }
}
