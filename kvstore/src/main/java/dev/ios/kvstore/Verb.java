package dev.ios.kvstore;

import java.util.Optional;

/**
 * The six operations of Ios's key-value store, with what a shell needs to validate and complete a
 * line: the word, how many arguments it takes, whether it only reads, and a one-line usage.
 *
 * <p>Immutable; safe from any thread.
 */
public enum Verb {
    /** {@code get <key>}: the value, or {@code key not found}. */
    GET("get", 1, true, "get <key>", "return the value of a key"),
    /** {@code exists <key>}: {@code true} or {@code false}. */
    EXISTS("exists", 1, true, "exists <key>", "test whether a key is present"),
    /** {@code update <key> <value>}: sets (or overwrites) the key; {@code OK}. */
    UPDATE("update", 2, false, "update <key> <value>", "set the value of a key, overwriting any old value"),
    /** {@code delete <key>}: removes the key if present; always {@code OK}. */
    DELETE("delete", 1, false, "delete <key>", "remove a key and its value if present"),
    /** {@code count}: the number of keys, in decimal. */
    COUNT("count", 0, true, "count", "return the number of keys"),
    /** {@code print}: every pair as {@code key, value\n}, in key order. */
    PRINT("print", 0, true, "print", "return every key-value pair");

    private final String word;
    private final int arity;
    private final boolean readOnly;
    private final String usage;
    private final String description;

    Verb(String word, int arity, boolean readOnly, String usage, String description) {
        this.word = word;
        this.arity = arity;
        this.readOnly = readOnly;
        this.usage = usage;
        this.description = description;
    }

    /** The word that starts the command on the wire, lower case (Ios matches it exactly). */
    public String word() {
        return word;
    }

    /** How many arguments follow the word. */
    public int arity() {
        return arity;
    }

    /** True if the operation never changes the store. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** A usage line such as {@code update <key> <value>}, for help text. */
    public String usage() {
        return usage;
    }

    /** What the operation does, in a few words, for help text. */
    public String description() {
        return description;
    }

    /** The verb spelled exactly {@code word} (case-sensitive, as in Ios), if any. Never throws. */
    public static Optional<Verb> ofWord(String word) {
        for (Verb verb : values()) {
            if (verb.word.equals(word)) {
                return Optional.of(verb);
            }
        }
        return Optional.empty();
    }
}
