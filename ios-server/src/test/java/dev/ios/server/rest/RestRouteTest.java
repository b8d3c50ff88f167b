package dev.ios.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every path, method and body maps to the right command or error, without a socket. */
class RestRouteTest {

    private static final byte[] NONE = new byte[0];

    private static RestRoute.Submit submit(String method, String path, String body) {
        RestRoute route = RestRoute.of(method, path, body.getBytes(StandardCharsets.UTF_8));
        assertTrue(route instanceof RestRoute.Submit, path + " -> " + route);
        return (RestRoute.Submit) route;
    }

    private static int failure(String method, String path, byte[] body) {
        RestRoute route = RestRoute.of(method, path, body);
        assertTrue(route instanceof RestRoute.Failure, path + " -> " + route);
        return ((RestRoute.Failure) route).status();
    }

    @Test
    void kvRoutesBuildQuotedCommands() {
        assertEquals("exists A; get A", submit("GET", "/kv/A", "").command());
        assertTrue(submit("GET", "/kv/A", "").readOnly());
        assertEquals("update A 1", submit("PUT", "/kv/A", "1").command());
        assertEquals("update \"my key\" \"hello world\"", submit("PUT", "/kv/my%20key", "hello world").command());
        assertEquals("update a/b \"say \\\"hi\\\"; x\"", submit("PUT", "/kv/a%2Fb", "say \"hi\"; x").command());
        assertEquals("update a/b \"\"", submit("PUT", "/kv/a/b", "").command());
        assertEquals("delete A", submit("DELETE", "/kv/A", "").command());
        assertEquals("update caf\u00e9 +", submit("PUT", "/kv/caf%C3%A9", "+").command());
    }

    @Test
    void gatewayFormMapsPathSegmentsToWords() {
        assertEquals("get A", submit("GET", "/request/get/A", "").command());
        assertEquals("update A 1", submit("GET", "/request/update/A/1", "").command());
        assertEquals("update A \"two words\"", submit("GET", "/request/update/A/two%20words", "").command());
        assertEquals("count", submit("GET", "/request/count", "").command());
        assertTrue(submit("GET", "/request/print", "").readOnly());
        assertTrue(!submit("GET", "/request/delete/A", "").readOnly());
        assertEquals(400, failure("GET", "/request/bogus/A", NONE));
        assertEquals(400, failure("GET", "/request/get", NONE));
        assertEquals(400, failure("GET", "/request/update/A", NONE));
        assertEquals(404, failure("GET", "/request", NONE));
        assertEquals(405, failure("POST", "/request/get/A", NONE));
    }

    @Test
    void errorsHaveFittingStatuses() {
        assertEquals(404, failure("GET", "/", NONE));
        assertEquals(404, failure("GET", "/nope", NONE));
        assertEquals(404, failure("GET", "/status/x", NONE));
        assertEquals(405, failure("POST", "/kv/A", NONE));
        assertEquals(405, failure("PUT", "/status", NONE));
        assertEquals(400, failure("GET", "/kv/%zz", NONE));
        assertEquals(400, failure("GET", "/kv/%C3", NONE));
        assertEquals(400, failure("GET", "/kv/%ED%A0%80", NONE)); // a lone surrogate in UTF-8 form
        assertEquals(400, failure("PUT", "/kv/A", new byte[] {(byte) 0xff, 'x'}));
        assertEquals(501, failure("GET", "/kv", NONE));
    }

    @Test
    void localEndpoints() {
        assertEquals(new RestRoute.Local(RestRoute.Endpoint.STATUS), RestRoute.of("GET", "/status", NONE));
        assertEquals(new RestRoute.Local(RestRoute.Endpoint.METRICS), RestRoute.of("GET", "/metrics", NONE));
        assertEquals(new RestRoute.Local(RestRoute.Endpoint.VERSION), RestRoute.of("GET", "/version/", NONE));
    }
}
