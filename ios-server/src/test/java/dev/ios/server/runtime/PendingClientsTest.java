package dev.ios.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.server.api.ClientReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting clients are answered once, and a request's deadline is its latest submission's. */
class PendingClientsTest {

    private static final ClientReply OK = new ClientReply(ClientReply.Outcome.SUCCESS, new byte[0], -1);

    @Test
    void anAnsweredSubmissionsDeadlineDoesNotCutALaterWaitShort() {
        PendingClients pending = new PendingClients(100);
        List<ClientReply.Outcome> first = new ArrayList<>();
        List<ClientReply.Outcome> second = new ArrayList<>();

        pending.add(1, 7, r -> first.add(r.outcome()), 0);
        pending.complete(1, 7, OK);
        pending.add(1, 7, r -> second.add(r.outcome()), 50);
        pending.expire(100);

        assertEquals(List.of(ClientReply.Outcome.SUCCESS), first);
        assertEquals(List.of(), second, "the retry submitted at 50 waits until 150");
        pending.expire(150);
        assertEquals(List.of(ClientReply.Outcome.INDETERMINATE), second);
        assertEquals(0, pending.size());
    }
}
