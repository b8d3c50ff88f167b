package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.Check;
import dev.ios.consensus.statemachine.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions, reads, index order and snapshot refusals of {@link KvStateMachine}, case by case. */
class KvStateMachineTest {

    private final KvStateMachine machine = new KvStateMachine();

    private static String apply(KvStateMachine machine, long index, long client, long request, String line) {
        return Lines.text(machine.apply(index, client, request, Lines.utf8(line)));
    }

    private String read(String line) {
        return Lines.text(machine.read(Lines.utf8(line)));
    }

    private static byte[] snapshot(KvStateMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.snapshot(out);
        return out.toByteArray();
    }

    @Test
    void aRetriedRequestGetsTheSavedResponseAndIsNotAppliedAgain() {
        assertEquals("OK", apply(machine, 1, 7, 1, "update A 1"));
        assertEquals("1", apply(machine, 2, 7, 2, "get A"));
        assertEquals("OK", apply(machine, 3, 8, 1, "update A 2"));
        // Client 7 retries request 2: the saved "1", although A is now 2.
        assertEquals("1", apply(machine, 4, 7, 2, "get A"));
        assertEquals("OK", apply(machine, 5, 8, 2, "delete A"));
        // Client 8 retries its update (even with different bytes): not applied again.
        assertEquals("OK", apply(machine, 6, 8, 2, "update A 3"));
        assertEquals("key not found", read("get A"));
    }

    @Test
    void anOlderRequestIdGetsAStaleErrorAndChangesNothing() {
        apply(machine, 1, 7, 5, "update A 1");
        assertEquals("stale request: client 7 request 4 is older than its last applied request 5",
                apply(machine, 2, 7, 4, "update A 2"));
        assertEquals("1", read("get A"));
        // The session still answers a retry of request 5.
        assertEquals("OK", apply(machine, 3, 7, 5, "update A 9"));
        assertEquals("1", read("get A"));
    }

    @Test
    void requestIdsMaySkipAndClientsAreIndependent() {
        assertEquals("OK", apply(machine, 1, 1, 10, "update A 1"));
        assertEquals("OK", apply(machine, 2, 1, 20, "update B 1"));
        assertEquals("OK", apply(machine, 3, 2, 1, "update C 1"));
        assertEquals("3", read("count"));
        assertEquals(2, machine.sessionCount());
    }

    @Test
    void aBadLineIsAnsweredAndRememberedLikeAnyOther() {
        assertEquals("request not recognised", apply(machine, 1, 1, 1, "bogus"));
        assertEquals("request not recognised", apply(machine, 2, 1, 1, "bogus"));
        assertEquals("request not recognised", Lines.text(machine.apply(3, 1, 2, new byte[] {(byte) 0xFF})));
        assertEquals("0", read("count"));
    }

    @Test
    void readAnswersReadOnlyCommandsAndRefusesWrites() {
        apply(machine, 1, 1, 1, "update A 1");
        assertEquals("1; true; 1", read("get A; exists A; count"));
        assertEquals("request not read-only", read("update A 2"));
        assertEquals("request not read-only", read("get A; delete A"));
        assertEquals("request not recognised", read("get"));
        assertEquals("1", read("get A"));
        assertEquals(1, machine.sessionCount(), "reads do not touch sessions");
    }

    @Test
    void theSameIndexRepeatsForABatchAndIndicesMaySkipButNeverGoBack() {
        apply(machine, 5, 1, 1, "update A 1");
        apply(machine, 5, 2, 1, "update B 1");
        apply(machine, 9, 3, 1, "update C 1");
        assertEquals(9, machine.indexApplied());
        assertThrows(Check.InvariantViolation.class, () -> machine.apply(8, 4, 1, Lines.utf8("count")));
    }

    @Test
    void aBoundEvictsTheLeastRecentlyActiveClient() throws IOException {
        KvStateMachine bounded = new KvStateMachine(2);
        apply(bounded, 1, 1, 1, "update A 1");
        apply(bounded, 2, 2, 1, "update B 1");
        apply(bounded, 3, 1, 2, "get A"); // client 1 is now more recent than client 2
        apply(bounded, 4, 3, 1, "update C 1"); // evicts client 2
        assertEquals(2, bounded.sessionCount());
        // Client 1 still has its session: a retry is answered from it.
        assertEquals("1", apply(bounded, 5, 1, 2, "get B"));
        // Client 2 was forgotten: its retry is applied again (the documented price of a bound).
        assertEquals("1", apply(bounded, 6, 2, 1, "get B"));
        assertEquals(2, bounded.sessionCount());

        // A machine with a smaller bound keeps the most recent sessions of a snapshot.
        KvStateMachine smaller = new KvStateMachine(1);
        smaller.restore(new ByteArrayInputStream(snapshot(bounded)));
        assertEquals(1, smaller.sessionCount());
        assertEquals("1", apply(smaller, 7, 2, 1, "delete B"), "client 2, the most recent, kept its session");
        assertThrows(IllegalArgumentException.class, () -> new KvStateMachine(0));
    }

    @Test
    void theDefaultMachineKeepsABoundedSessionTable() {
        // Ios's clients pick a random id per run: a server that saw many runs must not keep them all.
        int clients = KvStateMachine.SESSIONS_MAX_DEFAULT * 3 / 2;
        for (int client = 1; client <= clients; client++) {
            apply(machine, client, client, 1, "update K " + client);
        }
        assertEquals(KvStateMachine.SESSIONS_MAX_DEFAULT, machine.sessionCount());
        // The most recent clients are still deduplicated: a retry does not apply again.
        assertEquals("OK", apply(machine, clients + 1, clients, 1, "update K again"));
        assertEquals(Integer.toString(clients), read("get K"));
        // The oldest was forgotten: its retry is applied a second time, the documented price.
        assertEquals("OK", apply(machine, clients + 2, 1, 1, "update K 1"));
        assertEquals("1", read("get K"));
    }

    @Test
    void theReturnedResponseIsACopy() {
        byte[] first = machine.apply(1, 1, 1, Lines.utf8("update A 1"));
        first[0] = 'X';
        assertArrayEquals(Lines.utf8("OK"), machine.apply(2, 1, 1, Lines.utf8("update A 1")));
    }

    @Test
    void restoreNamesWhatIsWrongAndLeavesTheStateAlone() throws IOException {
        apply(machine, 1, 1, 1, "update A 1");
        byte[] before = snapshot(machine);

        assertTrue(refusal(new byte[0]).contains("not a kvstore snapshot"));
        assertTrue(refusal(Lines.utf8("hello world")).contains("not a kvstore snapshot"));
        byte[] wrongVersion = before.clone();
        wrongVersion[4] = 2;
        assertTrue(refusal(wrongVersion).contains("unsupported version 2"));
        byte[] truncated = java.util.Arrays.copyOf(before, before.length - 1);
        assertTrue(refusal(truncated).contains("truncated"));
        byte[] flipped = before.clone();
        flipped[flipped.length - 6] ^= 1; // a byte of the last session's response
        assertTrue(refusal(flipped).contains("checksum mismatch"));

        assertArrayEquals(before, snapshot(machine));
        assertEquals("1", read("get A"));
    }

    private String refusal(byte[] bytes) {
        IOException e = assertThrows(IOException.class, () -> machine.restore(new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().startsWith("kvstore snapshot refused: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void restoreReadsExactlyTheSnapshotAndNoMore() throws IOException {
        apply(machine, 3, 1, 1, "update A \"a b\"");
        byte[] snap = snapshot(machine);
        byte[] followed = java.util.Arrays.copyOf(snap, snap.length + 3);
        ByteArrayInputStream in = new ByteArrayInputStream(followed);
        KvStateMachine fresh = new KvStateMachine();
        fresh.restore(in);
        assertEquals(3, in.available(), "the bytes after the snapshot are left in the stream");
        assertEquals("a b", Lines.text(fresh.read(Lines.utf8("get A"))));
        assertEquals(3, fresh.indexApplied());
    }

    @Test
    void imagesWrittenOnAnotherThreadWhileApplyingGoesOnWriteTheirCapture() throws Exception {
        // The runtime's hand-off: capture on the apply thread, write on the snapshot executor's
        // thread while applying goes on (the submit is the happens-before edge). The twin is never
        // captured; its snapshot() is the expected image. 2,000 clients under a bound of 1,000, so
        // rows move, are evicted and are copied on write while the images are being read.
        KvStateMachine bounded = new KvStateMachine(1_000);
        KvStateMachine twin = new KvStateMachine(1_000);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            List<Future<byte[]>> written = new ArrayList<>();
            List<byte[]> expected = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 1; i <= 20_000; i++) {
                long client = random.nextInt(2_000);
                String line = "update k" + random.nextInt(500) + " v" + i;
                apply(bounded, i, client, i, line);
                apply(twin, i, client, i, line);
                if (i % 500 == 0) {
                    StateMachine.Image image = bounded.capture();
                    expected.add(snapshot(twin));
                    written.add(writer.submit(() -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        image.writeTo(out);
                        return out.toByteArray();
                    }));
                }
            }
            for (int k = 0; k < written.size(); k++) {
                assertArrayEquals(expected.get(k), written.get(k).get(1, TimeUnit.MINUTES), "image " + k);
            }
        } finally {
            writer.shutdownNow();
        }
    }
}
