package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pins the responses Ios's users see: the clientcli session in Ios's README, the cases of Ios's own
 * store test ({@code services/store_test.go}) and its format check, and joined commands.
 */
class IosResponsesTest {

    private final KvStateMachine machine = new KvStateMachine();
    private long requestId;

    private String send(String line) {
        requestId++;
        return new String(machine.apply(requestId, 1, requestId, line.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void theReadmeSession() {
        assertEquals("OK", send("update A 1"));
        assertEquals("1", send("get A"));
    }

    @Test
    void theCasesOfIosStoreTest() {
        String[][] cases = {
            {"update A 3", "OK"},
            {"get A", "3"},
            {"print", "A, 3\n"},
            {"count", "1"},
            {"exists A", "true"},
            {"delete A", "OK"},
            {"count", "0"},
            {"exists A", "false"},
            {"get B", "key not found"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], send(c[0]), c[0]);
        }
    }

    @Test
    void theExamplesOfTheModuleReadme() {
        String[][] cases = {
            {"update A 1", "OK"},
            {"get A", "1"},
            {"update A \"hello world\"", "OK"},
            {"get A", "hello world"},
            {"update \"my key\" \"say \\\"hi\\\"\"", "OK"},
            {"update B x; get B; count", "OK; x; 3"},
            {"exists C; delete C; get C", "false; OK; key not found"},
            {"print", "A, hello world\nB, x\nmy key, say \"hi\"\n"},
            {"get A B", "request not recognised"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], send(c[0]), c[0]);
        }
    }

    @Test
    void printListsPairsInKeyOrderAndIsEmptyForAnEmptyStore() {
        assertEquals("", send("print"));
        send("update b 2");
        send("update A 1");
        send("update a 3");
        // String order: upper case sorts before lower case.
        assertEquals("A, 1\na, 3\nb, 2\n", send("print"));
    }

    @Test
    void deletingAMissingKeyIsOkAsInIos() {
        assertEquals("OK", send("delete nothing"));
    }

    @Test
    void aJoinedCommandAnswersEachPartJoinedBySemicolonSpace() {
        assertEquals("OK; OK; 2; x; key not found; false", send("update A x; update B y; count; get A; get C; exists C"));
        assertEquals("OK; key not found; OK", send("delete A; get A; update A 1"));
        assertEquals("1", send("get A"));
    }

    @Test
    void badLinesGetIosErrorStringAndChangeNothing() {
        send("update A 1");
        for (String bad : new String[] {"", "get B F", "update A", "update A 1 2", "count 1", "print all", "GET A",
            "frobnicate", "get  A", "get A ", " get A", "get A; ", "update A 2; get"}) {
            assertEquals("request not recognised", send(bad), "line <" + bad + ">");
        }
        // "update A 2; get" must not have applied its first part: a joined command is atomic.
        assertEquals("1", send("get A"));
        assertEquals("1", send("count"));
    }

    @Test
    void wordsIosAcceptsParseAsIosReadsThem() {
        // The valid cases of Ios's TestCheckFormat.
        for (String line : new String[] {"update foo bar", "get ;234", "print", "count", "exists $£$%", "delete _)(*"}) {
            assertInstanceOf(ParseResult.Parsed.class, CommandParser.parse(line), line);
        }
        assertEquals(new ParseResult.Parsed(new Command.Get(";234")), CommandParser.parse("get ;234"));
        assertEquals("OK", send("update k a\"b\\c"));
        assertEquals("a\"b\\c", send("get k"));
    }

    @Test
    void readOnlyIsGetExistsCountPrintAsInIosCheckRead() {
        assertTrue(((ParseResult.Parsed) CommandParser.parse("get A")).command().isReadOnly());
        assertTrue(((ParseResult.Parsed) CommandParser.parse("exists A")).command().isReadOnly());
        assertTrue(((ParseResult.Parsed) CommandParser.parse("count")).command().isReadOnly());
        assertTrue(((ParseResult.Parsed) CommandParser.parse("print")).command().isReadOnly());
        assertFalse(((ParseResult.Parsed) CommandParser.parse("update A 1")).command().isReadOnly());
        assertFalse(((ParseResult.Parsed) CommandParser.parse("delete A")).command().isReadOnly());
        assertFalse(((ParseResult.Parsed) CommandParser.parse("get A; delete A")).command().isReadOnly());
        assertTrue(((ParseResult.Parsed) CommandParser.parse("get A; count")).command().isReadOnly());
    }

    @Test
    void theFormatterWritesIosFormWhenNoQuotesAreNeeded() {
        assertEquals("update A 1", CommandFormatter.format(new Command.Update("A", "1")));
        assertEquals("get A; count", CommandFormatter.format(new Command.Joined(
                java.util.List.of(new Command.Get("A"), new Command.Count()))));
    }
}
