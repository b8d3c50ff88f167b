package dev.ios.client.cli;

import dev.ios.client.Outcome;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The shell's {@code -stat} file: one CSV line appended per request that was sent, flushed at
 * once, in Ios's columns plus one: start time (Unix epoch ns), request id, latency (ns), tries,
 * read-only, outcome ({@code success}, {@code rejected} or {@code indeterminate}). No header, so
 * runs append to one file. Used by the shell's one thread only.
 */
final class StatsFile implements Closeable {

    private final BufferedWriter out;

    private StatsFile(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending, creating it if absent. */
    static StatsFile open(Path file) throws IOException {
        return new StatsFile(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    /** Appends the line of one request; a request that was never sent (tries 0) is skipped. */
    void record(long startEpochNs, long latencyNs, boolean readOnly, Outcome outcome) throws IOException {
        if (outcome.tries() == 0) {
            return;
        }
        String kind = outcome instanceof Outcome.Success ? "success"
                : outcome instanceof Outcome.Rejected ? "rejected" : "indeterminate";
        out.write(startEpochNs + "," + outcome.requestId() + "," + latencyNs + "," + outcome.tries() + "," + readOnly
                + "," + kind + "\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
