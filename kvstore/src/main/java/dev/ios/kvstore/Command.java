package dev.ios.kvstore;

import java.util.List;

/**
 * A parsed key-value command: either one {@link Operation} or several {@link Joined} with
 * {@code "; "}, which apply atomically, in order, as one command.
 *
 * <p>Records are immutable and safe from any thread. Keys and values are any well-formed Unicode
 * strings (empty, spaces, quotes and newlines included); the constructors throw
 * {@link NullPointerException} or {@link IllegalArgumentException} only for programmer errors (a
 * null, a lone surrogate, a join of fewer than two operations) — the parser never builds those.
 */
public sealed interface Command permits Command.Operation, Command.Joined {

    /** True if applying this command never changes the store (every part only reads). */
    boolean isReadOnly();

    /** One operation of the store. */
    sealed interface Operation extends Command permits Get, Exists, Update, Delete, Count, Print {

        /** The verb this operation spells. */
        Verb verb();

        @Override
        default boolean isReadOnly() {
            return verb().isReadOnly();
        }
    }

    /** {@code get <key>}. */
    record Get(String key) implements Operation {
        /** Checks the key (see {@link Command}). */
        public Get {
            Text.requireWellFormed(key, "key");
        }

        @Override
        public Verb verb() {
            return Verb.GET;
        }
    }

    /** {@code exists <key>}. */
    record Exists(String key) implements Operation {
        /** Checks the key (see {@link Command}). */
        public Exists {
            Text.requireWellFormed(key, "key");
        }

        @Override
        public Verb verb() {
            return Verb.EXISTS;
        }
    }

    /** {@code update <key> <value>}. */
    record Update(String key, String value) implements Operation {
        /** Checks the key and value (see {@link Command}). */
        public Update {
            Text.requireWellFormed(key, "key");
            Text.requireWellFormed(value, "value");
        }

        @Override
        public Verb verb() {
            return Verb.UPDATE;
        }
    }

    /** {@code delete <key>}. */
    record Delete(String key) implements Operation {
        /** Checks the key (see {@link Command}). */
        public Delete {
            Text.requireWellFormed(key, "key");
        }

        @Override
        public Verb verb() {
            return Verb.DELETE;
        }
    }

    /** {@code count}. */
    record Count() implements Operation {
        @Override
        public Verb verb() {
            return Verb.COUNT;
        }
    }

    /** {@code print}. */
    record Print() implements Operation {
        @Override
        public Verb verb() {
            return Verb.PRINT;
        }
    }

    /**
     * Two or more operations joined by {@code "; "}: applied in order with nothing in between, and
     * answered by their responses joined by {@code "; "} (as Ios's {@code Process} does).
     */
    record Joined(List<Operation> operations) implements Command {
        /** Copies the list; fewer than two operations is a programmer error (use the operation). */
        public Joined {
            operations = List.copyOf(operations);
            if (operations.size() < 2) {
                throw new IllegalArgumentException("a joined command needs at least two operations, got "
                        + operations.size());
            }
        }

        @Override
        public boolean isReadOnly() {
            for (Operation operation : operations) {
                if (!operation.isReadOnly()) {
                    return false;
                }
            }
            return true;
        }
    }
}
