package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Reading the server's JSON answer lines (docs/client-protocol.md) without a JSON library. */
class ReplyLineTest {

    @Test
    void readsASuccess() {
        assertEquals(new ReplyLine(1, 7, true, "OK", null, -1),
                ReplyLine.parse("{\"ClientID\":1,\"RequestID\":7,\"Success\":true,\"Response\":\"OK\"}"));
    }

    @Test
    void readsNotMasterWithItsHint() {
        assertEquals(new ReplyLine(1, 3, false, "not the master", "NOT_MASTER", 2), ReplyLine.parse(
                "{\"ClientID\":1,\"RequestID\":3,\"Success\":false,\"Response\":\"not the master\",\"Outcome\":\"NOT_MASTER\",\"MasterHint\":2}"));
    }

    @Test
    void unescapesTheResponseAndIgnoresOrderAndSpaces() {
        assertEquals(new ReplyLine(-1, 9, true, "a\"b\\c\nd\u00e9", null, -1),
                ReplyLine.parse(" { \"Response\" : \"a\\\"b\\\\c\\nd\\u00e9\" , \"Extra\":null, \"Success\":true, \"RequestID\":9 } "));
    }

    @Test
    void malformedLinesAreNull() {
        assertNull(ReplyLine.parse(""));
        assertNull(ReplyLine.parse("OK"));
        assertNull(ReplyLine.parse("{}"));
        assertNull(ReplyLine.parse("{\"Success\":true}"), "no RequestID");
        assertNull(ReplyLine.parse("{\"RequestID\":x1}"));
        assertNull(ReplyLine.parse("{\"RequestID\":1,\"Response\":\"open"));
    }
}
