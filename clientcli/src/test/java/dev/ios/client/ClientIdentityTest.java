package dev.ios.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client identities never hand out a request id twice, across restarts too. */
class ClientIdentityTest {

    @Test
    void randomIdsArePositiveAndRequestIdsStartAtOne() throws IOException {
        for (int i = 0; i < 100; i++) {
            ClientIdentity identity = ClientIdentity.random();
            assertTrue(identity.clientId() > 0);
            assertEquals(1, identity.nextRequestId());
            assertEquals(2, identity.nextRequestId());
        }
    }

    @Test
    void aPersistentIdentityReservesBeforeUseAndARestartContinuesAboveEveryUsedId(@TempDir Path dir)
            throws IOException {
        Path counter = dir.resolve("sub/client-7.requestid");
        ClientIdentity first = ClientIdentity.persistent(7, counter);
        assertEquals("1001", Files.readString(counter).trim(), "the first block is on disk before any id is used");
        long last = 0;
        for (int i = 0; i < ClientIdentity.BLOCK + 5; i++) {
            last = first.nextRequestId();
        }
        assertEquals(ClientIdentity.BLOCK + 5, last);
        assertEquals("2001", Files.readString(counter).trim());

        ClientIdentity restarted = ClientIdentity.persistent(7, counter); // as after a crash
        assertEquals(7, restarted.clientId());
        assertTrue(restarted.nextRequestId() > last);
    }

    @Test
    void aCorruptCounterFileIsRefused(@TempDir Path dir) throws IOException {
        Path counter = dir.resolve("bad");
        Files.writeString(counter, "twelve\n");
        IOException e = assertThrows(IOException.class, () -> ClientIdentity.persistent(1, counter));
        assertTrue(e.getMessage().contains("not a request id counter"), e.getMessage());
    }
}
