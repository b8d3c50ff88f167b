package dev.ios.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Goal: the untyped parser reads every form Ios's files use and refuses the rest by line. */
class IniParserTest {

    @Test
    void readsSectionsKeysAndCommentsInAnyCase() throws ConfigException {
        IniDocument doc = IniParser.parse("t.conf", String.join("\n",
                ";; comment", "# another", "", "  [Algorithm]  ; trailing comment",
                "quorumSystem = strict majority", "ExplicitCommit=false", "\tkey-2 =   spaced   value   # note"));
        assertEquals(List.of("algorithm"), List.copyOf(doc.sectionLines().keySet()));
        assertEquals(4, doc.sectionLines().get("algorithm"));
        assertEquals(List.of(
                new IniEntry("algorithm", "quorumSystem", "strict majority", 5),
                new IniEntry("algorithm", "ExplicitCommit", "false", 6),
                new IniEntry("algorithm", "key-2", "spaced   value", 7)), doc.entries());
        assertEquals("explicitcommit", doc.entries().get(1).name());
    }

    @Test
    void keepsRepeatedKeysInOrder() throws ConfigException {
        IniDocument doc = IniParser.parse("t.conf", "[servers]\naddress = a:1:2\naddress = b:1:2\n[other]\n[SERVERS]\naddress = c:1:2\n");
        assertEquals(List.of("a:1:2", "b:1:2", "c:1:2"),
                doc.entries().stream().map(IniEntry::value).collect(Collectors.toList()));
        assertEquals(List.of(2, 3, 6), doc.entries().stream().map(IniEntry::line).collect(Collectors.toList()));
    }

    @Test
    void quotesKeepCommentCharactersAndSpaces() throws ConfigException {
        IniDocument doc = IniParser.parse("t.conf",
                "[a]\nx = \"  ; not a comment # \"\ny = \"say \\\"hi\\\"\\\\\" ; comment\nz = a\" b \"c\nw = \"\"\n");
        assertEquals(List.of("  ; not a comment # ", "say \"hi\"\\", "a b c", ""),
                doc.entries().stream().map(IniEntry::value).collect(Collectors.toList()));
    }

    @Test
    void acceptsCrLfAndAByteOrderMark() throws ConfigException {
        IniDocument doc = IniParser.parse("t.conf", "\uFEFF[a]\r\nx = 1\r\ny = 2");
        assertEquals(List.of(new IniEntry("a", "x", "1", 2), new IniEntry("a", "y", "2", 3)), doc.entries());
    }

    @Test
    void refusesMalformedLinesNamingThem() {
        assertRefusedAt("[a]\nx = 1\n= 2\n", 3);
        assertRefusedAt("[a]\nx\n", 2);
        assertRefusedAt("[a]\nx = \"open\n", 2);
        assertRefusedAt("[a]\nx = 1 \\\n", 2);
        assertRefusedAt("[a]\nx = \\q\n", 2);
        assertRefusedAt("[a\n", 1);
        assertRefusedAt("[]\n", 1);
        assertRefusedAt("[a] b\n", 1);
        assertRefusedAt("[a \"sub\"]\n", 1);
        assertRefusedAt("[a]\nx_y = 1\n", 2);
        assertRefusedAt("[a]\n\nx = 1\u0000\n", 3);
        assertRefusedAt("[a]\nx = 1\ry = 2\n", 2);
    }

    @Test
    void refusesBytesThatAreNotUtf8NamingTheLine() {
        byte[] bytes = "[a]\nx = caf\u00e9\ny = ".getBytes(StandardCharsets.ISO_8859_1);
        ConfigException e = assertThrows(ConfigException.class, () -> IniParser.parse("t.conf", bytes));
        assertEquals(OptionalInt.of(2), e.line(), e.getMessage());
    }

    @Test
    void refusesAMissingFileNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> IniParser.read(Path.of("no/such/file.conf")));
        assertTrue(e.getMessage().startsWith(Path.of("no/such/file.conf") + ": no such file"), e.getMessage());
        assertEquals(OptionalInt.empty(), e.line());
    }

    @Test
    void writerQuotesOnlyWhatNeedsIt() {
        assertEquals("strict majority", IniWriter.formatValue("strict majority"));
        assertEquals("\"\"", IniWriter.formatValue(""));
        assertEquals("\" padded \"", IniWriter.formatValue(" padded "));
        assertEquals("\"a;b\"", IniWriter.formatValue("a;b"));
        assertEquals("\"q\\\"\\\\\\n\\t\"", IniWriter.formatValue("q\"\\\n\t"));
    }

    private static void assertRefusedAt(String text, int line) {
        ConfigException e = assertThrows(ConfigException.class, () -> IniParser.parse("t.conf", text), text);
        assertEquals(OptionalInt.of(line), e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.conf:" + line + ": "), e.getMessage());
    }
}
