package dev.ios.client.cli;

/** The exit statuses of {@code ios cli}, for scripts. */
public final class ExitCode {

    private ExitCode() {}

    /** Every command succeeded (or the interactive shell ended normally). */
    public static final int OK = 0;
    /** A command was invalid, rejected or ended indeterminate (pipe and {@code -c} modes). */
    public static final int COMMAND_FAILED = 1;
    /** Bad flags, or a config, id or stats file that cannot be used. */
    public static final int USAGE = 2;
    /** No Ios server could be reached. */
    public static final int UNREACHABLE = 3;
}
