package dev.ios.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Ios's configuration format, the git-config style that Ios reads with Go's gcfg:
 *
 * <ul>
 *   <li>{@code ;} or {@code #} starts a comment, on a line of its own or after a value (inside
 *       double quotes they are part of the value);
 *   <li>{@code [section]} opens a section; section names are letters, digits, {@code -} and
 *       {@code .}, and case-insensitive;
 *   <li>{@code key = value} (spaces around {@code =} optional) sets a key of the current section;
 *       keys are a letter followed by letters, digits or {@code -}, and case-insensitive; a key may
 *       repeat, and every occurrence is kept in order;
 *   <li>a value runs to the end of the line or a comment; surrounding whitespace is dropped and
 *       inner whitespace kept ({@code quorumSystem = strict majority}); parts in double quotes keep
 *       everything, and {@code \\}, {@code \"}, {@code \n}, {@code \t} are escapes.
 * </ul>
 *
 * <p>Lines end with LF or CRLF; a UTF-8 byte-order mark is skipped. Refused, with the line named:
 * control characters, subsections ({@code [a "b"]}), a key without {@code = value}, a key before
 * any section, a trailing {@code \} (line continuation), an unclosed quote. It gives no meaning to
 * sections or keys; the typed configs ({@link ServerConfig} and the others) do that.
 *
 * <p>Contract: whatever the input, the only exception thrown is {@link ConfigException}
 * (arguments must not be null).
 */
public final class IniParser {

    /** Files larger than this are refused unread: no Ios configuration comes near it. */
    public static final int FILE_BYTES_MAX = 1 << 20;

    private final String source;
    private final Map<String, Integer> sectionLines = new LinkedHashMap<>();
    private final List<IniEntry> entries = new ArrayList<>();
    private String section;

    private IniParser(String source) {
        this.source = source;
    }

    /**
     * Reads and parses a file; its name in messages is {@code file} as given.
     *
     * @throws ConfigException if the file is missing, unreadable, larger than {@link
     *     #FILE_BYTES_MAX}, not UTF-8, or malformed
     */
    public static IniDocument read(Path file) throws ConfigException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > FILE_BYTES_MAX) {
                throw ConfigException.unreadable(
                        source, "file is larger than " + FILE_BYTES_MAX + " bytes; is it really a config file?", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.unreadable(source, "no such file", e);
        } catch (IOException e) {
            throw ConfigException.unreadable(source, "cannot read: " + e, e);
        }
        return parse(source, bytes);
    }

    /**
     * Parses bytes that must be UTF-8.
     *
     * @throws ConfigException naming the line of the first byte that is not UTF-8, or as {@link
     *     #parse(String, String)}
     */
    public static IniDocument parse(String source, byte[] bytes) throws ConfigException {
        return parse(source, decodeUtf8(source, bytes));
    }

    /**
     * Parses text.
     *
     * @param source the file name to put in messages
     * @throws ConfigException at the first malformed line, naming it
     */
    public static IniDocument parse(String source, String text) throws ConfigException {
        IniParser parser = new IniParser(source);
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNumber = 1;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() + 1 : end + 1;
            if (end < 0) {
                end = text.length();
            }
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            parser.parseLine(text.substring(start, end), lineNumber);
            start = next;
            lineNumber++;
        }
        return new IniDocument(source, parser.sectionLines, parser.entries);
    }

    private static String decodeUtf8(String source, byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw ConfigException.atLine(source, line, "not UTF-8 text (bad byte at offset " + in.position() + ")");
        }
        out.flip();
        return out.toString();
    }

    private void parseLine(String line, int lineNumber) throws ConfigException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r') {
                throw ConfigException.atLine(source, lineNumber, "carriage return (CR) at column " + (i + 1)
                        + " not followed by a line feed; lines must end with LF or CRLF");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw ConfigException.atLine(source, lineNumber, String.format(Locale.ROOT, 
                        "control character U+%04X at column %d; only printable text, spaces and tabs are allowed",
                        (int) c, i + 1));
            }
        }
        int i = skipBlanks(line, 0);
        if (i == line.length() || isCommentStart(line.charAt(i))) {
            return;
        }
        char first = line.charAt(i);
        if (first == '[') {
            parseSectionHeader(line, i + 1, lineNumber);
        } else if (isAsciiLetter(first)) {
            parseEntry(line, i, lineNumber);
        } else {
            throw ConfigException.atLine(source, lineNumber,
                    "expected [section], key = value, or a comment starting with ; or #");
        }
    }

    private void parseSectionHeader(String line, int from, int lineNumber) throws ConfigException {
        int i = skipBlanks(line, from);
        int nameStart = i;
        while (i < line.length() && isSectionNameChar(line.charAt(i))) {
            i++;
        }
        String name = line.substring(nameStart, i).toLowerCase(Locale.ROOT);
        i = skipBlanks(line, i);
        if (i < line.length() && line.charAt(i) == '"' && !name.isEmpty()) {
            throw ConfigException.atLine(source, lineNumber,
                    "subsections like [" + name + " \"...\"] are not used in Ios configs; write [" + name + "]");
        }
        if (name.isEmpty() || i == line.length() || line.charAt(i) != ']') {
            throw ConfigException.atLine(source, lineNumber,
                    "a section header is [name], the name made of letters, digits, '-' and '.'");
        }
        i = skipBlanks(line, i + 1);
        if (i < line.length() && !isCommentStart(line.charAt(i))) {
            throw ConfigException.atLine(source, lineNumber,
                    "unexpected text after [" + name + "]; only a comment (; or #) may follow");
        }
        section = name;
        sectionLines.putIfAbsent(name, lineNumber);
    }

    private void parseEntry(String line, int from, int lineNumber) throws ConfigException {
        int i = from;
        while (i < line.length() && isKeyChar(line.charAt(i))) {
            i++;
        }
        String key = line.substring(from, i);
        i = skipBlanks(line, i);
        if (i == line.length() || isCommentStart(line.charAt(i))) {
            throw ConfigException.atKey(source, lineNumber, key, "has no value; write " + key + " = <value>");
        }
        if (line.charAt(i) != '=') {
            throw ConfigException.atLine(source, lineNumber,
                    "expected key = value, the key a letter followed by letters, digits or '-'");
        }
        if (section == null) {
            throw ConfigException.atKey(source, lineNumber, key,
                    "is outside any section; put it under a [section] header");
        }
        String value = parseValue(line, i + 1, lineNumber, key);
        entries.add(new IniEntry(section, key, value, lineNumber));
    }

    /** Resolves quotes and escapes from {@code from} to the end of the line or a comment. */
    private String parseValue(String line, int from, int lineNumber, String key) throws ConfigException {
        StringBuilder value = new StringBuilder();
        // Everything up to keepLength is content; unquoted blanks after it are dropped at the end.
        int keepLength = 0;
        boolean quoted = false;
        int i = skipBlanks(line, from);
        while (i < line.length()) {
            char c = line.charAt(i);
            if (!quoted && isCommentStart(c)) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
                keepLength = value.length();
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    throw ConfigException.atKey(source, lineNumber, key,
                            "ends with '\\'; values cannot continue on the next line");
                }
                i++;
                value.append(unescape(line.charAt(i), lineNumber, key));
                keepLength = value.length();
            } else {
                value.append(c);
                if (quoted || (c != ' ' && c != '\t')) {
                    keepLength = value.length();
                }
            }
            i++;
        }
        if (quoted) {
            throw ConfigException.atKey(source, lineNumber, key, "has an opening \" without a closing one");
        }
        value.setLength(keepLength);
        return value.toString();
    }

    private char unescape(char c, int lineNumber, String key) throws ConfigException {
        switch (c) {
            case '\\':
                return '\\';
            case '"':
                return '"';
            case 'n':
                return '\n';
            case 't':
                return '\t';
            default:
                throw ConfigException.atKey(source, lineNumber, key,
                        "unknown escape \\" + c + "; allowed: \\\\ \\\" \\n \\t");
        }
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isCommentStart(char c) {
        return c == ';' || c == '#';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isKeyChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-';
    }

    private static boolean isSectionNameChar(char c) {
        return isKeyChar(c) || c == '.';
    }
}
