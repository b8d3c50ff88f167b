package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grammar's edges: quoting, escapes, joins, line breaks and the reasons given for errors. */
class CommandParserTest {

    private static Command parsed(String line) {
        ParseResult result = CommandParser.parse(line);
        assertInstanceOf(ParseResult.Parsed.class, result, () -> "line <" + line + "> gave " + result);
        return ((ParseResult.Parsed) result).command();
    }

    private static String reason(String line) {
        ParseResult result = CommandParser.parse(line);
        assertInstanceOf(ParseResult.Invalid.class, result, () -> "line <" + line + "> gave " + result);
        return ((ParseResult.Invalid) result).reason();
    }

    @Test
    void quotedValuesHoldSpacesSemicolonsAndEscapes() {
        assertEquals(new Command.Update("A", "hello world"), parsed("update A \"hello world\""));
        assertEquals(new Command.Update("A", "say \"hi\""), parsed("update A \"say \\\"hi\\\"\""));
        assertEquals(new Command.Update("A", "back\\slash"), parsed("update A \"back\\\\slash\""));
        assertEquals(new Command.Update("A", "x; get B"), parsed("update A \"x; get B\""));
        assertEquals(new Command.Update("A", ""), parsed("update A \"\""));
        assertEquals(new Command.Update("A", "two\nlines"), parsed("update A \"two\nlines\""));
    }

    @Test
    void quotedKeysWork() {
        assertEquals(new Command.Update("my key", "v"), parsed("update \"my key\" v"));
        assertEquals(new Command.Get(""), parsed("get \"\""));
    }

    @Test
    void quotedWordsJoin() {
        assertEquals(new Command.Joined(List.of(new Command.Update("A", "a b"), new Command.Get("A"))),
                parsed("update A \"a b\"; get A"));
    }

    @Test
    void bareWordsAreLiteralAsInIos() {
        assertEquals(new Command.Update("A", "x\"y"), parsed("update A x\"y"));
        assertEquals(new Command.Update("A", "x;"), parsed("update A x;"));
        assertEquals(new Command.Update("A", "x;y"), parsed("update A x;y"));
        assertEquals(new Command.Update("A", "tab\there"), parsed("update A tab\there"));
        // ";" then a space ends the operation, as Ios's split on "; " does.
        assertEquals(new Command.Joined(List.of(new Command.Update("A", "x;"), new Command.Get("B"))),
                parsed("update A x;; get B"));
    }

    @Test
    void lineBreaksAtTheEndsAreIgnored() {
        assertEquals(new Command.Get("A"), parsed("get A\n"));
        assertEquals(new Command.Get("A"), parsed("get A\r\n"));
        assertEquals(new Command.Get("A"), parsed("\nget A"));
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertEquals("empty request", reason(""));
        assertEquals("empty request", reason("\r\n"));
        assertTrue(reason("update A \"open").contains("unterminated quote"));
        assertTrue(reason("update A \"x\\").contains("unterminated quote"));
        assertTrue(reason("update A \"a\\nb\"").contains("unknown escape"));
        assertTrue(reason("update A \"a\"b").contains("closing quote"));
        assertTrue(reason("get  A").contains("two spaces"));
        assertTrue(reason("get A ").contains("line ends"));
        assertTrue(reason("get A; ").contains("line ends"));
        assertTrue(reason("get A; ; get B").contains("empty command"));
        assertEquals("get takes 1 argument (get <key>), got 2", reason("get B F"));
        assertEquals("update takes 2 arguments (update <key> <value>), got 1", reason("update A"));
        assertTrue(reason("get A; fetch B").startsWith("part 2: unknown command \"fetch\""));
        assertTrue(reason("x\u0001y").contains("\\u0001"), "control characters are escaped in reasons");
    }

    @Test
    void bytesThatAreNotUtf8AreInvalidNotReplaced() {
        byte[] bad = {'g', 'e', 't', ' ', (byte) 0xC3};
        assertEquals("request is not valid UTF-8", ((ParseResult.Invalid) CommandParser.parse(bad)).reason());
        assertEquals(new ParseResult.Parsed(new Command.Get("é")),
                CommandParser.parse("get é".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void loneSurrogatesAndNullsAreInvalid() {
        assertTrue(reason("get \uD800").contains("lone surrogate"));
        assertEquals("no request", ((ParseResult.Invalid) CommandParser.parse((String) null)).reason());
        assertEquals("no request", ((ParseResult.Invalid) CommandParser.parse((byte[]) null)).reason());
    }

    @Test
    void tenMegabyteLinesParse() {
        String big = "x".repeat(10 << 20);
        assertEquals(new Command.Update("A", big), parsed("update A " + big));
        String escaped = "a\\\\b\\\"c "; // the chars a \ \ b \ " c space, which read back as:
        String meant = "a\\b\"c ";          // the chars a \ b " c space
        Command.Update update = (Command.Update) parsed("update A \"" + escaped.repeat(1 << 20) + "\"");
        assertEquals(meant.repeat(1 << 20), update.value());
    }

    @Test
    void theFormatterQuotesOnlyWhatNeedsIt() {
        assertEquals("update A \"hello world\"", CommandFormatter.format(new Command.Update("A", "hello world")));
        assertEquals("update \"\" \"a\\\"b\\\\c\"", CommandFormatter.format(new Command.Update("", "a\"b\\c")));
        assertEquals("get \"x;\"", CommandFormatter.format(new Command.Get("x;")));
        assertEquals("get é", CommandFormatter.format(new Command.Get("é")));
    }
}
