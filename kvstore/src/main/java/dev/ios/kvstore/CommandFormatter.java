package dev.ios.kvstore;

/**
 * Writes a {@link Command} as a line that {@link CommandParser} reads back to an equal command:
 * {@code CommandParser.parse(CommandFormatter.format(c))} is {@code Parsed(c)} for every command.
 *
 * <p>A key or value is written bare when Ios would read it the same way (non-empty, no space,
 * quote, backslash, semicolon or control character), and quoted otherwise, escaping only {@code "}
 * and {@code \}. So commands Ios could express come out exactly as Ios's clients write them
 * ({@code update A 1}). Stateless and thread-safe; never throws for a non-null command.
 */
public final class CommandFormatter {

    private CommandFormatter() {}

    /** The line for {@code command}, without a line terminator. */
    public static String format(Command command) {
        StringBuilder out = new StringBuilder();
        if (command instanceof Command.Joined joined) {
            for (Command.Operation operation : joined.operations()) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                append(operation, out);
            }
        } else if (command instanceof Command.Operation operation) {
            append(operation, out);
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
        return out.toString();
    }

    private static void append(Command.Operation operation, StringBuilder out) {
        out.append(operation.verb().word());
        if (operation instanceof Command.Get get) {
            word(get.key(), out);
        } else if (operation instanceof Command.Exists exists) {
            word(exists.key(), out);
        } else if (operation instanceof Command.Update update) {
            word(update.key(), out);
            word(update.value(), out);
        } else if (operation instanceof Command.Delete delete) {
            word(delete.key(), out);
        }
        // Count and Print take no arguments.
    }

    private static void word(String word, StringBuilder out) {
        out.append(' ');
        if (!needsQuotes(word)) {
            out.append(word);
            return;
        }
        out.append('"');
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** True if a bare word would not read back as {@code word} (or would be hard to read). */
    static boolean needsQuotes(String word) {
        if (word.isEmpty()) {
            return true;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == ' ' || c == '"' || c == '\\' || c == ';' || c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
