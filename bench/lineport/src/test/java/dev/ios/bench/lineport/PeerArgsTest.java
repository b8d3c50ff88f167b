package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The peers' common flags: what the benchmark writes is read back, and a bad value is named. */
class PeerArgsTest {

    @Test
    void readsEveryFlagAndTheExtraOnesAllowed() {
        PeerArgs args = PeerArgs.parse(Set.of("--speed"), "--id", "1", "--peers", "127.0.0.1:1,127.0.0.1:2,127.0.0.1:3",
                "--client-port", "19081", "--data", "/tmp/x", "--speed", "fast");
        assertEquals(new PeerArgs(1, List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"), 19081, Path.of("/tmp/x"),
                Map.of("--speed", "fast")), args);
        assertEquals(Map.of(), PeerArgs.parse(Set.of("--speed"), "--id", "0", "--peers", "h:1", "--client-port", "2",
                "--data", "d").extra());
    }

    @Test
    void badArgumentsAreNamed() {
        String message = assertThrows(IllegalArgumentException.class, () -> PeerArgs.parse(Set.of(), "--id", "3",
                "--peers", "h:1,h:2", "--client-port", "2", "--data", "d")).getMessage();
        assertEquals("--id 3 is not an index into --peers (2 peers)", message);
        assertEquals("unknown flag --speed", assertThrows(IllegalArgumentException.class, () -> PeerArgs.parse(Set.of(),
                "--id", "0", "--peers", "h:1", "--client-port", "2", "--data", "d", "--speed", "1")).getMessage());
        assertEquals("--peers: h:1 is given twice", assertThrows(IllegalArgumentException.class,
                () -> PeerArgs.parse(Set.of(), "--id", "0", "--peers", "h:1,h:1", "--client-port", "2", "--data", "d"))
                .getMessage());
        assertEquals("--client-port must be a number, not 'x'", assertThrows(IllegalArgumentException.class,
                () -> PeerArgs.parse(Set.of(), "--id", "0", "--peers", "h:1", "--client-port", "x", "--data", "d"))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerArgs.parse(Set.of(), "--id", "0", "--peers", "h",
                "--client-port", "2", "--data", "d"));
        assertThrows(IllegalArgumentException.class, () -> PeerArgs.parse(Set.of(), "--id"));
        assertThrows(IllegalArgumentException.class, () -> PeerArgs.parse(Set.of(), "--id", "0", "--peers", "h:1"));
    }
}
