package dev.ios.bench.sofajraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SOFAJRaft peer's own flag on top of the common ones (PeerArgsTest in bench/lineport). */
class ServerArgsTest {

    @Test
    void readsTheElectionTimeoutOrDefaultsToSofajraftsOwn() {
        ServerArgs args = ServerArgs.parse("--id", "1", "--peers", "127.0.0.1:1,127.0.0.1:2,127.0.0.1:3", "--client-port",
                "19081", "--data", "/tmp/x", "--election-timeout-ms", "500");
        assertEquals(500, args.electionTimeoutMs());
        assertEquals(1, args.peer().id());
        assertEquals(List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"), args.peer().peers());
        assertEquals(Path.of("/tmp/x"), args.peer().data());
        assertEquals(ServerArgs.DEFAULT_ELECTION_TIMEOUT_MS,
                ServerArgs.parse("--id", "0", "--peers", "h:1", "--client-port", "2", "--data", "d").electionTimeoutMs());
    }

    @Test
    void aBadElectionTimeoutIsNamed() {
        String message = assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--id", "0", "--peers", "h:1",
                "--client-port", "2", "--data", "d", "--election-timeout-ms", "5")).getMessage();
        assertEquals("--election-timeout-ms must be 100 to 600000, not 5", message);
        assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse("--bogus", "1"));
    }
}
