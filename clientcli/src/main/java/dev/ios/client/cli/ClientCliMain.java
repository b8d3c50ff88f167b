package dev.ios.client.cli;

import dev.ios.client.ClientIdentity;
import dev.ios.client.ClientOptions;
import dev.ios.client.IosClient;
import dev.ios.config.AddressConfig;
import dev.ios.config.ClientConfig;
import dev.ios.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ios cli}: Ios's interactive shell. Three modes:
 *
 * <ul>
 *   <li><b>terminal</b> (stdin and stdout are a terminal): banner, command list, the prompt {@code
 *       Enter command: }, line editing, history and tab completion of command words (JLine);
 *   <li><b>pipe</b> (otherwise): no banner and no prompt; one line out per response (newlines in a
 *       response written {@code \n}), errors on stderr; stops at the first unreachable cluster;
 *   <li><b>{@code -c "command"}</b>: one command, its response, and the exit status.
 * </ul>
 *
 * <p>Exit statuses are those of {@link ExitCode}. Run by the launcher as {@code ./ios cli}.
 */
@Command(name = "ios cli", mixinStandardHelpOptions = true, version = "Ios for Java 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"The interactive Ios shell: get, exists, update, delete, count, print.",
            "Reads commands from the terminal (with history and tab completion) or, one per line, from a pipe."},
        footer = {"", "Exit status: 0 ok; 1 a command was invalid, rejected or indeterminate (pipe and -c);",
            "2 bad flags or config; 3 no Ios server reachable."})
public final class ClientCliMain implements Callable<Integer> {

    @Option(names = "-config", paramLabel = "<file>",
            description = "the address file of the cluster (default: configs/example.conf under ios.home or the working directory)")
    private Path addressFile;

    @Option(names = {"-algorithm", "-client-config"}, paramLabel = "<file>",
            description = "the client config: Timeout, Backoff, ConnectRandom, BeforeForce, Application "
                    + "(default: configs/client.conf under ios.home or the working directory)")
    private Path clientConfigFile;

    @Option(names = "-stat", paramLabel = "<file>",
            description = "append one CSV line per request: start ns, request id, latency ns, tries, read-only, outcome")
    private Path statFile;

    @Option(names = "-id", paramLabel = "<n>",
            description = "the client id; its next request id is kept in -id-file so a restart never reuses one "
                    + "(default: a random 63-bit id per run)")
    private Long clientId;

    @Option(names = "-id-file", paramLabel = "<file>",
            description = "where -id keeps its next request id (default: ~/.ios/client-<id>.requestid)")
    private Path idFile;

    @Option(names = "-c", paramLabel = "<command>", description = "run one command, print its response and exit")
    private String command;

    @Option(names = "-history", paramLabel = "<file>",
            description = "the terminal's history file, or none (default: ~/.ios_history)")
    private String historyFile;

    private InputStream in = System.in;
    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;
    private Terminal terminal; // given by tests; otherwise built when stdin and stdout are a terminal
    private boolean interactive;

    /** Runs the shell and exits the JVM with its {@link ExitCode}. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, null, System.console() != null));
    }

    /**
     * Runs the shell on the given streams and returns its exit status; never calls {@code
     * System.exit}. With a {@code terminal} the shell runs interactively on it (tests use JLine's
     * terminals on piped streams); otherwise interactively on the system terminal when {@code
     * interactive}, else in pipe mode on {@code in}.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Terminal terminal,
            boolean interactive) {
        ClientCliMain main = new ClientCliMain();
        main.in = in;
        main.stdout = out;
        main.stderr = err;
        main.terminal = terminal;
        main.interactive = interactive || terminal != null;
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        // Picocli answers bad flags with its usage and status 2, which is our ExitCode.USAGE.
        return commandLine.execute(args);
    }

    /**
     * Picocli's entry after the flags are parsed: reads the configs, connects, runs the mode the
     * flags and streams select, and returns the {@link ExitCode}. Config and file problems are
     * returned as {@link ExitCode#USAGE} with one line on stderr; anything thrown is a bug, which
     * picocli reports with status 1.
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        AddressConfig addresses;
        ClientConfig config;
        try {
            addresses = AddressConfig.read(orDefault(addressFile, "configs/example.conf"));
            config = ClientConfig.read(orDefault(clientConfigFile, "configs/client.conf"));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.USAGE;
        }
        ClientIdentity identity;
        if (clientId == null) {
            identity = ClientIdentity.random();
        } else {
            Path counter = idFile != null ? idFile : home().resolve(".ios").resolve("client-" + clientId + ".requestid");
            try {
                identity = ClientIdentity.persistent(clientId, counter);
            } catch (IOException e) {
                err.println("ios cli: -id " + clientId + ": cannot use the request id file: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        StatsFile stats = null;
        if (statFile != null) {
            try {
                stats = StatsFile.open(statFile);
            } catch (IOException e) {
                err.println("ios cli: -stat " + statFile + ": cannot open: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        // One round over the servers at start-up: a shell that cannot reach anyone says so at once.
        ClientOptions options = ClientOptions.from(config).withConnectRoundsMax(1);
        try (IosClient client = IosClient.builder().servers(addresses).options(options).identity(identity).build()) {
            if (!client.connect()) {
                err.println("no Ios server reachable at " + String.join(", ", client.servers()) + " (tried each once, Timeout "
                        + config.timeoutMs() + " ms); start one with ./ios server, or pass -config <address file>");
                return ExitCode.UNREACHABLE;
            }
            if (command != null) {
                return runOne(client, config, err, stats);
            }
            if (interactive) {
                return runTerminal(client, config, stats);
            }
            return runPipe(client, config, err, stats);
        } finally {
            if (stats != null) {
                stats.close();
            }
        }
    }

    private int runOne(IosClient client, ClientConfig config, PrintWriter err, StatsFile stats)
            throws InterruptedException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        Shell shell = new Shell(client, config.application(), out, err, false, stats);
        return exitCodeOf(shell.handle(command));
    }

    private int runPipe(IosClient client, ClientConfig config, PrintWriter err, StatsFile stats)
            throws IOException, InterruptedException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        Shell shell = new Shell(client, config.application(), out, err, true, stats);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean failed = false;
        String line;
        while ((line = reader.readLine()) != null) {
            Shell.Result result = shell.handle(line);
            if (result == Shell.Result.EXIT) {
                break;
            }
            if (result == Shell.Result.UNREACHABLE) {
                // A script's later commands may depend on this one: stop rather than run them out of order.
                return ExitCode.UNREACHABLE;
            }
            failed |= result == Shell.Result.FAILED;
        }
        return failed ? ExitCode.COMMAND_FAILED : ExitCode.OK;
    }

    private int runTerminal(IosClient client, ClientConfig config, StatsFile stats)
            throws IOException, InterruptedException {
        Terminal term = terminal != null ? terminal : TerminalBuilder.builder().system(true).build();
        if (term.getWidth() <= 0) {
            // A pty nobody sized (script(1), some CI runners): JLine would cut the prompt to nothing.
            term.setSize(new Size(80, 24));
        }
        try {
            LineReaderBuilder builder = LineReaderBuilder.builder().terminal(term).appName("ios")
                    .completer(new ArgumentCompleter(
                            new StringsCompleter(HelpText.commandWords(config.application())), NullCompleter.INSTANCE));
            Path history = historyPath();
            if (history != null) {
                builder.variable(LineReader.HISTORY_FILE, history);
            }
            LineReader reader = builder.build();
            PrintWriter out = term.writer();
            out.println(HelpText.banner(config.application()));
            out.println();
            out.print(HelpText.commands(config.application()));
            out.println();
            out.flush();
            Shell shell = new Shell(client, config.application(), out, out, false, stats);
            while (true) {
                String line;
                try {
                    line = reader.readLine("Enter command: ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line being typed, as in a Unix shell.
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                if (shell.handle(line) == Shell.Result.EXIT) {
                    break;
                }
            }
            if (history != null) {
                reader.getHistory().save();
            }
            return ExitCode.OK;
        } finally {
            if (terminal == null) {
                term.close();
            }
        }
    }

    private Path historyPath() {
        if ("none".equals(historyFile)) {
            return null;
        }
        return historyFile != null ? Path.of(historyFile) : home().resolve(".ios_history");
    }

    private static int exitCodeOf(Shell.Result result) {
        switch (result) {
            case OK:
            case EXIT:
                return ExitCode.OK;
            case UNREACHABLE:
                return ExitCode.UNREACHABLE;
            default:
                return ExitCode.COMMAND_FAILED;
        }
    }

    /** {@code given}, or {@code relative} under the {@code ios.home} the launcher sets, or the working directory. */
    private static Path orDefault(Path given, String relative) {
        if (given != null) {
            return given;
        }
        String iosHome = System.getProperty("ios.home", "");
        return iosHome.isBlank() ? Path.of(relative) : Path.of(iosHome, relative);
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home", "."));
    }
}
