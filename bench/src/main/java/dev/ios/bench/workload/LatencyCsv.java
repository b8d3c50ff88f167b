package dev.ios.bench.workload;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code latency.csv} exactly as Ios's client ({@code client/stats.go}) does: no header, one
 * line per request, five columns —
 * {@code startUnixNs,requestId,latencyNs,tries,readonly} — integers in decimal, {@code readonly} as
 * {@code true}/{@code false}, lines ending in {@code \n} (Go's {@code csv.Writer}). So Ios's own
 * scripts read our files.
 *
 * <p>Two differences from Ios, both deliberate: the file is replaced, not appended to (Ios opens it
 * with {@code O_APPEND}, which silently mixes runs); and a request that failed also gets its row
 * (Ios retried forever, so it had none), with its latency up to the failure — the summary counts
 * such requests as errors.
 *
 * <p>Threads: {@link #write} may be called by many workers at once.
 */
public final class LatencyCsv implements Closeable {

    private final BufferedWriter out;
    private long rows;

    private LatencyCsv(BufferedWriter out) {
        this.out = out;
    }

    /** Creates (or replaces) {@code file}. */
    public static LatencyCsv create(Path file) throws IOException {
        return new LatencyCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** The line for {@code sample}, without its line end. */
    public static String line(RequestSample sample) {
        return sample.startUnixNs() + "," + sample.requestId() + "," + sample.latencyNs() + "," + sample.tries() + ","
                + sample.readOnly();
    }

    /** Appends one row; throws {@link UncheckedIOException} if the file cannot be written. */
    public synchronized void write(RequestSample sample) {
        try {
            out.write(line(sample));
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write latency.csv: " + e, e);
        }
    }

    /** Rows written so far. */
    public synchronized long rows() {
        return rows;
    }

    /** Flushes and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
