package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Answers have the fields, in the form, that docs/client-protocol.md gives and the benchmark's client parses. */
class ReplyLinesTest {

    @Test
    void successCarriesTheResponse() {
        assertEquals("{\"ClientID\":1,\"RequestID\":2,\"Success\":true,\"Response\":\"OK\"}", ReplyLines.success(1, 2, "OK"));
    }

    @Test
    void failuresCarryOutcomeAndHint() {
        assertEquals("{\"ClientID\":1,\"RequestID\":2,\"Success\":false,\"Response\":\"not the master\","
                + "\"Outcome\":\"NOT_MASTER\",\"MasterHint\":2}", ReplyLines.notMaster(1, 2, 2));
        assertEquals("{\"ClientID\":0,\"RequestID\":0,\"Success\":false,\"Response\":\"malformed JSON line\","
                + "\"Outcome\":\"REJECTED\",\"MasterHint\":-1}", ReplyLines.rejected(0, 0, "malformed JSON line"));
        assertEquals("{\"ClientID\":3,\"RequestID\":4,\"Success\":false,\"Response\":\"EPERM: stepped down\","
                + "\"Outcome\":\"INDETERMINATE\",\"MasterHint\":-1}", ReplyLines.indeterminate(3, 4, "EPERM: stepped down", -1));
    }

    @Test
    void responsesAreEscapedSoAnAnswerStaysOneLine() {
        assertEquals("\"a\\\"b\\\\c\\u000ad\"", ReplyLines.quote("a\"b\\c\nd"));
    }
}
