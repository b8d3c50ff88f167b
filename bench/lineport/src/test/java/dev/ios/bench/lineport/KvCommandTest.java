package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two commands the benchmark sends answer as the key-value store does (kvstore/README.md). */
class KvCommandTest {

    @Test
    void updateThenGet() {
        Map<String, String> map = new HashMap<>();
        assertEquals(KvCommand.NOT_FOUND, KvCommand.parse("get k1").applyTo(map));
        assertEquals("OK", KvCommand.parse("update k1 c1r1xx x").applyTo(map));
        assertEquals("c1r1xx x", KvCommand.parse("get k1").applyTo(map));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "get", "get ", "get a b", "update", "update k", "update k ", "update  v", "delete k", "count"})
    void anythingElseIsUnsupported(String text) {
        assertNull(KvCommand.parse(text));
    }
}
