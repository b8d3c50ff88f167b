package dev.ios.kvstore;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses Ios's key-value command lines (see {@code kvstore/README.md} for the grammar).
 *
 * <p>In short: words are separated by exactly one space; a word that starts with {@code "} runs to
 * the next unescaped {@code "} and may hold spaces, {@code ;} and newlines, with {@code \"} and
 * {@code \\} as its only escapes; any other word runs to the next space (or {@code "; "}) and is
 * taken literally, as in Ios. Operations joined by {@code "; "} form one {@link Command.Joined}.
 * Leading and trailing CR and LF characters are ignored.
 *
 * <p>Stateless and thread-safe. Never throws on any input, random bytes included: every problem is
 * an {@link ParseResult.Invalid}.
 */
public final class CommandParser {

    private static final String SEPARATOR = "; ";

    private CommandParser() {}

    /** Parses UTF-8 bytes (as the state machine receives them). Bytes that are not UTF-8 are invalid. */
    public static ParseResult parse(byte[] line) {
        if (line == null) {
            return new ParseResult.Invalid("no request");
        }
        List<String> words = plainWords(line);
        return words != null ? operation(words) : parseDecoded(line);
    }

    /**
     * The words of a line that is one operation of plain words: printable ASCII, single spaces
     * between words, none at either end, no quote and no {@code ;}. For such a line the general
     * path (decode, check, trim, split) finds exactly these words, so this is only a shortcut: every
     * server applies every write through here, and the general path showed in the followers'
     * profiles. Null for any other line. ({@code CommandParserProperties} compares the two.)
     */
    private static List<String> plainWords(byte[] line) {
        int n = line.length;
        if (n == 0 || line[0] == ' ' || line[n - 1] == ' ') {
            return null;
        }
        List<String> words = new ArrayList<>(3);
        int start = 0;
        for (int i = 0; i < n; i++) {
            byte b = line[i];
            if (b == ' ') {
                if (line[i - 1] == ' ') {
                    return null;
                }
                words.add(new String(line, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            } else if (b < 0x21 || b > 0x7e || b == '"' || b == ';') {
                return null;
            }
        }
        words.add(new String(line, start, n - start, StandardCharsets.ISO_8859_1));
        return words;
    }

    /** The general path of {@link #parse(byte[])}: decode strictly, then parse the text. */
    static ParseResult parseDecoded(byte[] line) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            return new ParseResult.Invalid("request is not valid UTF-8");
        }
        return parse(chars.toString());
    }

    /** Parses one line (with or without its line terminator). */
    public static ParseResult parse(String line) {
        if (line == null) {
            return new ParseResult.Invalid("no request");
        }
        int surrogate = Text.firstLoneSurrogate(line);
        if (surrogate >= 0) {
            return new ParseResult.Invalid("lone surrogate at char " + surrogate);
        }
        String text = trimLineBreaks(line);
        if (text.isEmpty()) {
            return new ParseResult.Invalid("empty request");
        }
        List<List<String>> parts = new ArrayList<>();
        String error = split(text, parts);
        if (error != null) {
            return new ParseResult.Invalid(error);
        }
        List<Command.Operation> operations = new ArrayList<>(parts.size());
        for (List<String> words : parts) {
            ParseResult one = operation(words);
            if (one instanceof ParseResult.Invalid invalid) {
                // A joined command applies atomically, so one bad part refuses the whole line
                // (Ios would have applied the good parts and answered the bad one alone).
                return parts.size() == 1 ? invalid
                        : new ParseResult.Invalid("part " + (operations.size() + 1) + ": " + invalid.reason());
            }
            operations.add((Command.Operation) ((ParseResult.Parsed) one).command());
        }
        Command command = operations.size() == 1 ? operations.get(0) : new Command.Joined(operations);
        return new ParseResult.Parsed(command);
    }

    /** Ios trims LF from both ends; we also trim CR so that CRLF lines from telnet work. */
    private static String trimLineBreaks(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && isLineBreak(line.charAt(start))) {
            start++;
        }
        while (end > start && isLineBreak(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(start, end);
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /**
     * Splits {@code text} into operations of words, appending to {@code parts}. Returns null, or a
     * reason if the line cannot be split.
     */
    private static String split(String text, List<List<String>> parts) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (true) {
            // Here i is at the start of a word.
            if (i == n) {
                return "line ends where a word was expected (trailing space or \"; \"?)";
            }
            char first = text.charAt(i);
            word.setLength(0);
            if (first == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\') {
                        if (i == n) {
                            break;
                        }
                        char escaped = text.charAt(i++);
                        if (escaped != '"' && escaped != '\\') {
                            return "unknown escape \\" + printable(escaped) + " at char " + (i - 2)
                                    + " (only \\\" and \\\\)";
                        }
                        word.append(escaped);
                    } else {
                        word.append(c);
                    }
                }
                if (!closed) {
                    return "unterminated quote";
                }
                if (i < n && text.charAt(i) != ' ' && !text.startsWith(SEPARATOR, i)) {
                    return "a closing quote must be followed by a space, \"; \" or the end, at char " + i;
                }
            } else if (first == ' ') {
                return "empty word at char " + i + " (two spaces?)";
            } else if (text.startsWith(SEPARATOR, i)) {
                return "empty command at char " + i;
            } else {
                int start = i;
                while (i < n && text.charAt(i) != ' ' && !text.startsWith(SEPARATOR, i)) {
                    i++;
                }
                word.append(text, start, i);
            }
            words.add(word.toString());
            if (i == n) {
                parts.add(words);
                return null;
            }
            if (text.startsWith(SEPARATOR, i)) {
                parts.add(words);
                words = new ArrayList<>();
                i += SEPARATOR.length();
            } else {
                i++; // the single space between words
            }
        }
    }

    private static ParseResult operation(List<String> words) {
        String word = words.get(0);
        Optional<Verb> found = Verb.ofWord(word);
        if (found.isEmpty()) {
            return new ParseResult.Invalid("unknown command \"" + abbreviate(word)
                    + "\" (get, exists, update, delete, count, print)");
        }
        Verb verb = found.get();
        int arguments = words.size() - 1;
        if (arguments != verb.arity()) {
            return new ParseResult.Invalid(verb.word() + " takes " + verb.arity()
                    + (verb.arity() == 1 ? " argument" : " arguments") + " (" + verb.usage() + "), got " + arguments);
        }
        // An exhaustive switch expression over the enum: a new verb without a case does not compile.
        Command.Operation operation = switch (verb) {
            case GET -> new Command.Get(words.get(1));
            case EXISTS -> new Command.Exists(words.get(1));
            case UPDATE -> new Command.Update(words.get(1), words.get(2));
            case DELETE -> new Command.Delete(words.get(1));
            case COUNT -> new Command.Count();
            case PRINT -> new Command.Print();
        };
        return new ParseResult.Parsed(operation);
    }

    /** At most 20 chars of {@code word} (never half a surrogate pair), for an error reason. */
    private static String abbreviate(String word) {
        int limit = Math.min(word.length(), 20);
        if (limit < word.length() && Character.isHighSurrogate(word.charAt(limit - 1))) {
            limit++;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < limit; i++) {
            out.append(printable(word.charAt(i)));
        }
        return limit < word.length() ? out + "..." : out.toString();
    }

    /** Control characters as a backslash, u and four hex digits, so a reason stays on one line. */
    private static String printable(char c) {
        if (c < 0x20 || c == 0x7f) {
            String hex = Integer.toHexString(c);
            return "\\u" + "0000".substring(hex.length()) + hex;
        }
        return String.valueOf(c);
    }
}
