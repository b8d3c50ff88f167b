package dev.ios.kvstore;

import java.util.Objects;

/**
 * What {@link CommandParser} makes of a line: a {@link Parsed} command or an {@link Invalid} one.
 * Errors are values here, so callers handle them without catching anything. Immutable.
 */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Invalid {

    /** The line is a valid command. */
    record Parsed(Command command) implements ParseResult {
        /** A null command is a programmer error. */
        public Parsed {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * The line is not a command. Clients are answered {@link Responses#NOT_RECOGNISED} (Ios's
     * string); {@code reason} says what is wrong, for a shell or a log, and is never sent as the
     * response so that Ios's clients see Ios's text.
     *
     * @param reason one line, e.g. {@code get takes 1 argument (get <key>), got 2}
     */
    record Invalid(String reason) implements ParseResult {
        /** A null reason is a programmer error. */
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        /** The response a client gets for this line: {@code request not recognised}. */
        public String response() {
            return Responses.NOT_RECOGNISED;
        }
    }
}
