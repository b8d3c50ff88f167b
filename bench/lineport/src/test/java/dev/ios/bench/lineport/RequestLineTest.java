package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request lines are read as an Ios server reads them, and bad ones become answers, never exceptions. */
class RequestLineTest {

    @Test
    void readsTheLinesTheLoadGeneratorSends() {
        assertEquals(new RequestLine.Request(1000007, 42, false, "update k3 c7r42xxxx"), RequestLine.parse(
                "{\"ClientID\":1000007,\"RequestID\":42,\"ForceViewChange\":false,\"ReadOnly\":false,"
                        + "\"Request\":\"update k3 c7r42xxxx\"}"));
        assertEquals(new RequestLine.Request(3, 9, true, "get k3"), RequestLine.parse(
                "{\"ClientID\":3,\"RequestID\":9,\"ForceViewChange\":false,\"ReadOnly\":true,\"Request\":\"get k3\"}"));
    }

    @Test
    void namesMatchIgnoringCaseUnknownFieldsAreSkippedAndTheLastOfTwoCounts() {
        assertEquals(new RequestLine.Request(5, 2, true, "get b"), RequestLine.parse(
                "{\"clientid\":5,\"requestId\":1,\"Extra\":{\"x\":[1,2]},\"READONLY\":true,\"request\":\"get a\","
                        + "\"RequestID\":2,\"Request\":\"get b\"}"));
    }

    @Test
    void aMissingCommandKeepsTheIdsForTheAnswer() {
        assertEquals(new RequestLine.Bad(4, 8, "no Request"), RequestLine.parse("{\"ClientID\":4,\"RequestID\":8}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "update k v", "{", "{\"ClientID\":1,\"RequestID\":1,\"Request\":\"get k\"", "[1,2]",
        "{\"ClientID\":1,\"RequestID\":1,\"Request\":\"get k\"} trailing", "{\"ClientID\":99999999999999999999999}",
        "{\"ClientID\":-1,\"RequestID\":1,\"Request\":\"get k\"}", "{\"ClientID\":1,\"RequestID\":1,\"Request\":7}",
        "\u0000\u00ff{}"})
    void badLinesAreReportedNotThrown(String line) {
        assertInstanceOf(RequestLine.Bad.class, RequestLine.parse(line));
    }
}
