package dev.ios.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void answeredRequestsDoNotPileUpBehindTheDeadlineQueue() {
        PendingClients pending = new PendingClients(1_000_000);
        List<ClientReply.Outcome> slow = new ArrayList<>();
        pending.add(2, 1, r -> { }, 0);
        pending.complete(2, 1, OK); // answered: its deadline is dropped by the next add
        pending.add(3, 1, r -> slow.add(r.outcome()), 1); // never answered: must still expire
        for (int i = 1; i <= 100_000; i++) {
            pending.add(1, i, r -> { }, 2 + i);
            pending.complete(1, i, OK);
        }

        assertEquals(1, pending.size(), "only the slow request waits");
        assertTrue(pending.deadlinesHeld() <= 2 * 2 + 64, () -> "deadlines held: " + pending.deadlinesHeld());
        pending.expire(1_000_001);
        assertEquals(List.of(ClientReply.Outcome.INDETERMINATE), slow);
    }
}
