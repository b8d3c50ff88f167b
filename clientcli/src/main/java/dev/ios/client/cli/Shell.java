package dev.ios.client.cli;

import dev.ios.client.IosClient;
import dev.ios.client.Outcome;
import dev.ios.config.Application;
import dev.ios.kvstore.CommandParser;
import dev.ios.kvstore.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * What the shell does with one line the user typed: its own words ({@code help}, {@code exit},
 * {@code quit}), local validation with {@link CommandParser}, then the request through {@link
 * IosClient} and the answer printed. The same for every mode (terminal, pipe, {@code -c}); only the
 * writers and {@code oneLinePerResponse} differ. Used by one thread.
 */
final class Shell {

    /** How a line went. */
    enum Result {
        /** Nothing to do (blank line, help) or the command succeeded. */
        OK,
        /** The line was not a command, or the request was rejected or ended indeterminate. */
        FAILED,
        /** No server could be reached. */
        UNREACHABLE,
        /** The user asked to leave. */
        EXIT
    }

    private final IosClient client;
    private final Application application;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean oneLinePerResponse;
    private final StatsFile stats;

    /**
     * @param oneLinePerResponse escape newlines ({@code \n}) and backslashes ({@code \\}) in
     *     responses, so every response is one line (as the plain protocol does), for scripts
     * @param stats where to append per-request stats, or null
     */
    Shell(IosClient client, Application application, PrintWriter out, PrintWriter err, boolean oneLinePerResponse,
            StatsFile stats) {
        this.client = client;
        this.application = application;
        this.out = out;
        this.err = err;
        this.oneLinePerResponse = oneLinePerResponse;
        this.stats = stats;
    }

    /**
     * Handles one line (without its line terminator; a trailing CR is ignored, as Ios does).
     *
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    Result handle(String rawLine) throws InterruptedException {
        String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
        if (line.isBlank()) {
            return Result.OK;
        }
        String word = line.strip();
        if (word.equals("exit") || word.equals("quit")) {
            return Result.EXIT;
        }
        if (word.equals("help")) {
            out.print(HelpText.commands(application));
            out.flush();
            return Result.OK;
        }
        boolean readOnly;
        if (application == Application.KV_STORE) {
            ParseResult parsed = CommandParser.parse(line);
            if (parsed instanceof ParseResult.Invalid invalid) {
                // The parser's reason names the problem, and for an unknown word lists the commands.
                err.println("Invalid command: " + invalid.reason() + "; type help for the commands and their arguments");
                err.flush();
                return Result.FAILED;
            }
            readOnly = ((ParseResult.Parsed) parsed).command().isReadOnly();
        } else {
            if (!line.equals("ping")) {
                err.println("Invalid command: the dummy application knows only ping; type help.");
                err.flush();
                return Result.FAILED;
            }
            readOnly = false;
        }
        long startEpochNs = epochNs();
        long startNs = System.nanoTime();
        Outcome outcome = client.submit(line, readOnly);
        recordStats(startEpochNs, System.nanoTime() - startNs, readOnly, outcome);
        return report(outcome);
    }

    private Result report(Outcome outcome) {
        if (outcome instanceof Outcome.Success success) {
            out.println(oneLinePerResponse ? escape(success.response()) : success.response());
            out.flush();
            return Result.OK;
        }
        if (outcome instanceof Outcome.Rejected rejected) {
            err.println("ERROR rejected: " + rejected.reason());
            err.flush();
            return Result.FAILED;
        }
        Outcome.Indeterminate gaveUp = (Outcome.Indeterminate) outcome;
        if (gaveUp.why() == Outcome.Why.UNREACHABLE) {
            err.println(gaveUp.detail() + (gaveUp.maybeApplied() ? "; the last command may have been applied" : ""));
            err.flush();
            return Result.UNREACHABLE;
        }
        err.println("ERROR " + (gaveUp.maybeApplied() ? "unknown whether it was applied" : "not applied") + ": "
                + gaveUp.detail());
        err.flush();
        return Result.FAILED;
    }

    private void recordStats(long startEpochNs, long latencyNs, boolean readOnly, Outcome outcome) {
        if (stats == null) {
            return;
        }
        try {
            stats.record(startEpochNs, latencyNs, readOnly, outcome);
        } catch (IOException e) {
            // Stats are a by-product: say so once per failure, keep serving the user.
            err.println("warning: cannot write the stats file: " + e.getMessage());
            err.flush();
        }
    }

    private static long epochNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** {@code \} as {@code \\} and newlines as {@code \n}, as the plain client protocol writes responses. */
    static String escape(String response) {
        return response.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
