package dev.ios.bench.sofajraft;

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
                "19081", "--data", "/tmp/x", "--election-timeout-ms", "500");
        assertEquals(new ServerArgs(1, List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"), 19081, Path.of("/tmp/x"), 500),
                args);
        assertEquals(ServerArgs.DEFAULT_ELECTION_TIMEOUT_MS,
                ServerArgs.parse("--id", "0", "--peers", "h:1", "--client-port", "2", "--data", "d").electionTimeoutMs());
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
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--id", "0", "--peers", "h:1"));
    }
}
