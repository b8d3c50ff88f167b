package dev.ios.bench.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's flags: what the benchmark writes is read back, and a bad value is named. */
class ServerArgsTest {

    @Test
    void readsEveryFlag() {
        ServerArgs args = ServerArgs.parse("--id", "1", "--peers", "127.0.0.1:1,127.0.0.1:2,127.0.0.1:3", "--client-port",
                "19081", "--data", "/tmp/x");
        assertEquals(new ServerArgs(1, List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"), 19081, Path.of("/tmp/x")), args);
    }

    @Test
    void badArgumentsAreNamed() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> ServerArgs.parse("--id", "3", "--peers", "h:1,h:2", "--client-port", "2", "--data", "d")).getMessage();
        assertEquals("--id 3 is not an index into --peers (2 peers)", message);
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--id", "0", "--peers", "h", "--client-port", "2",
                "--data", "d"));
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--id"));
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--bogus", "1"));
        // SOFAJRaft's peers take this flag; Ratis's run with Ratis's own timeouts, so it is unknown here.
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--id", "0", "--peers", "h:1", "--client-port",
                "2", "--data", "d", "--election-timeout-ms", "500"));
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--id", "0", "--peers", "h:1"));
    }
}
