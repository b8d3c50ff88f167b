package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.consensus.testkit.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots are deterministic and complete: machines that applied the same requests write the
 * same bytes; a restored machine prints the same store and answers later requests and retries
 * exactly like the original; a captured image, written whenever, writes its capture's state;
 * damaged or random bytes are refused with an {@link IOException} only, leaving the state alone.
 * Seeded: {@code -Dprop.seed=N} replays one case.
 */
class SnapshotProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    /** One request as the runtime would apply it. */
    private record Applied(long index, long clientId, long requestId, byte[] command) {}

    /** A random request history with several clients, retries, stale ids and shared indices. */
    private static List<Applied> history(Gen gen, List<String> keys, long indexFrom, long[] nextRequest, int length) {
        List<Applied> history = new ArrayList<>();
        long index = indexFrom;
        for (int i = 0; i < length; i++) {
            int client = gen.random.nextInt(nextRequest.length);
            long requestId;
            if (gen.chance(0.15)) {
                requestId = Math.max(0, nextRequest[client] - gen.between(1, 3)); // a retry or a stale id
            } else {
                requestId = nextRequest[client]++;
            }
            byte[] command = Lines.utf8(CommandFormatter.format(gen.command(keys)));
            history.add(new Applied(index, client + 100, requestId, command));
            index += gen.between(0, 2);
        }
        return history;
    }

    private static List<String> applyAll(KvStateMachine machine, List<Applied> history) {
        List<String> responses = new ArrayList<>();
        for (Applied a : history) {
            responses.add(Lines.text(machine.apply(a.index(), a.clientId(), a.requestId(), a.command())));
        }
        return responses;
    }

    private static byte[] snapshot(KvStateMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.snapshot(out);
        return out.toByteArray();
    }

    /** A session bound and two histories: before a snapshot, and after it ({@code afterLength} requests). */
    private record Case(int sessionsMax, List<Applied> before, long lastIndex, List<Applied> after) {
        static Case of(Gen gen, int afterLength) {
            List<String> keys = gen.keys();
            long[] nextRequest = new long[gen.between(1, 5)];
            int sessionsMax = gen.chance(0.5) ? gen.between(1, 3) : KvStateMachine.SESSIONS_UNBOUNDED;
            List<Applied> before = history(gen, keys, 1, nextRequest, gen.between(0, 150));
            long lastIndex = before.isEmpty() ? 1 : before.get(before.size() - 1).index();
            return new Case(sessionsMax, before, lastIndex, history(gen, keys, lastIndex, nextRequest, afterLength));
        }
    }

    private static String print(KvStateMachine machine) {
        return Lines.text(machine.read(Lines.utf8("print")));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void restoredMachinesBehaveLikeTheOriginal(long seed) throws IOException {
        Case c = Case.of(new Gen(seed), 100);
        int sessionsMax = c.sessionsMax();
        List<Applied> before = c.before();
        long lastIndex = c.lastIndex();
        List<Applied> after = c.after();

        KvStateMachine original = new KvStateMachine(sessionsMax);
        KvStateMachine twin = new KvStateMachine(sessionsMax);
        applyAll(original, before);
        applyAll(twin, before);
        byte[] snap = snapshot(original);
        assertArrayEquals(snap, snapshot(twin), "seed=" + seed + " same requests, different snapshot bytes");

        KvStateMachine restored = new KvStateMachine(sessionsMax);
        restored.restore(new ByteArrayInputStream(snap));
        assertEquals(print(original), print(restored), "seed=" + seed + " print after restore");
        assertEquals(original.indexApplied(), restored.indexApplied(), "seed=" + seed + " indexApplied");
        assertArrayEquals(snap, snapshot(restored), "seed=" + seed + " a restored machine snapshots the same bytes");

        // A new client forces an eviction when the table is full: the restored machine must evict the
        // same client as the original, so the recency order has to survive the snapshot.
        byte[] probe = Lines.utf8("count");
        assertEquals(Lines.text(original.apply(lastIndex, 99, 0, probe)), Lines.text(restored.apply(lastIndex, 99, 0, probe)),
                "seed=" + seed + " a new client after restore");
        assertArrayEquals(snapshot(original), snapshot(restored), "seed=" + seed + " sessions after one more client");

        // Later requests, retries of requests from before the snapshot included, get the same answers.
        assertEquals(applyAll(original, after), applyAll(restored, after), "seed=" + seed + " responses after restore");
        assertArrayEquals(snapshot(original), snapshot(restored), "seed=" + seed + " final snapshots");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aCapturedImageWritesTheStateOfItsCaptureWhateverIsAppliedOrRestoredAfter(long seed) throws IOException {
        Gen gen = new Gen(seed);
        Case c = Case.of(gen, gen.between(1, 100));
        int sessionsMax = c.sessionsMax();
        List<Applied> before = c.before();
        List<Applied> after = c.after();

        KvStateMachine machine = new KvStateMachine(sessionsMax);
        applyAll(machine, before);
        byte[] atCapture = snapshot(machine);
        StateMachine.Image image = machine.capture();
        // What the runtime does while its snapshot thread writes the image: apply more, and now and
        // then install another server's snapshot.
        applyAll(machine, after);
        if (gen.chance(0.3)) {
            machine.restore(new ByteArrayInputStream(snapshot(new KvStateMachine(sessionsMax))));
        }

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        image.writeTo(written);
        assertArrayEquals(atCapture, written.toByteArray(), "seed=" + seed + " the image changed after its capture");
    }

    /** An image not yet written, the snapshot bytes of its capture moment and the step it was taken. */
    private record Pending(StateMachine.Image image, byte[] atCapture, int step) {}

    /** Up to a few hundred keys, so the store grows deep enough for every rebalancing case. */
    private static List<String> manyKeys(Gen gen) {
        List<String> keys = new ArrayList<>();
        int n = gen.between(1, 300);
        for (int i = 0; i < n; i++) {
            keys.add(gen.chance(0.8) ? gen.plain(gen.between(1, 4)) : gen.word());
        }
        return keys;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void imagesWrittenAnyTimeLaterWriteTheirCaptureWhileReadsFollowTheModel(long seed) throws IOException {
        Gen gen = new Gen(seed);
        List<String> keys = manyKeys(gen);
        int sessionsMax = gen.chance(0.5) ? gen.between(1, 3) : KvStateMachine.SESSIONS_UNBOUNDED;
        double captureChance = gen.chance(0.5) ? 0.02 : 0.2;
        KvStateMachine machine = new KvStateMachine(sessionsMax);
        // The twin applies the same requests but is never captured: its snapshot() is what the
        // machine's snapshot() gives at that moment, without an extra capture of the machine.
        KvStateMachine twin = new KvStateMachine(sessionsMax);
        TreeMap<String, String> model = new TreeMap<>();
        List<Pending> pending = new ArrayList<>();
        long[] nextRequest = new long[gen.between(1, 4)];
        long index = 1;

        for (int step = 0; step < 400; step++) {
            String where = "seed=" + seed + " step=" + step;
            int client = gen.random.nextInt(nextRequest.length);
            long requestId = nextRequest[client]++;
            Command command = gen.command(keys);
            byte[] line = Lines.utf8(CommandFormatter.format(command));
            String expected = Lines.model(command, model);
            assertEquals(expected, Lines.text(machine.apply(index, client + 100, requestId, line)), where);
            twin.apply(index, client + 100, requestId, line);
            index += gen.between(0, 2);

            String key = gen.pick(keys);
            String get = "get " + Lines.quote(key);
            assertEquals(Lines.model(new Command.Get(key), model), Lines.text(machine.read(Lines.utf8(get))), where);
            assertEquals(String.valueOf(model.size()), Lines.text(machine.read(Lines.utf8("count"))), where);
            if (gen.chance(0.2)) {
                assertEquals(Lines.model(new Command.Print(), model), print(machine), where + " print");
            }
            if (gen.chance(captureChance)) {
                pending.add(new Pending(machine.capture(), snapshot(twin), step));
            }
            if (gen.chance(0.03)) {
                // Install a snapshot while images are outstanding: the twin's own state (the same
                // pairs in a new tree) or an empty machine's.
                boolean empty = gen.chance(0.5);
                byte[] installed = empty ? snapshot(new KvStateMachine(sessionsMax)) : snapshot(twin);
                machine.restore(new ByteArrayInputStream(installed));
                twin.restore(new ByteArrayInputStream(installed));
                if (empty) {
                    model.clear();
                }
                index = Math.max(index, machine.indexApplied());
            }
            if (gen.chance(0.02)) {
                assertArrayEquals(snapshot(twin), snapshot(machine), where + " snapshot()");
            }
            if (!pending.isEmpty() && gen.chance(0.05)) {
                writeAndCheck(pending.remove(gen.random.nextInt(pending.size())), where);
            }
        }
        String where = "seed=" + seed + " at the end";
        assertEquals(Lines.model(new Command.Print(), model), print(machine), where + " print");
        while (!pending.isEmpty()) {
            writeAndCheck(pending.remove(gen.random.nextInt(pending.size())), where);
        }
    }

    private static void writeAndCheck(Pending p, String where) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        p.image().writeTo(written);
        assertArrayEquals(p.atCapture(), written.toByteArray(), where + ": the image captured at step " + p.step());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void damagedSnapshotsAreRefusedWithAnIoExceptionAndChangeNothing(long seed) throws IOException {
        Gen gen = new Gen(seed);
        List<String> keys = gen.keys();
        KvStateMachine machine = new KvStateMachine();
        applyAll(machine, history(gen, keys, 0, new long[3], gen.between(1, 60)));
        byte[] good = snapshot(machine);
        String printBefore = print(machine);

        for (int i = 0; i < 30; i++) {
            byte[] bad;
            String how;
            int kind = gen.random.nextInt(3);
            if (kind == 0) {
                bad = Arrays.copyOf(good, gen.random.nextInt(good.length));
                how = "truncated to " + bad.length;
            } else if (kind == 1) {
                bad = good.clone();
                int at = gen.random.nextInt(bad.length);
                bad[at] ^= (byte) (1 << gen.random.nextInt(8));
                how = "bit flipped at " + at;
            } else {
                bad = gen.bytes(200);
                if (gen.chance(0.5) && bad.length >= 5) {
                    // A valid header, so the garbage reaches the counts and lengths.
                    System.arraycopy(good, 0, bad, 0, 5);
                }
                how = "random " + Arrays.toString(bad);
            }
            try {
                machine.restore(new ByteArrayInputStream(bad));
                fail("seed=" + seed + " accepted a snapshot " + how);
            } catch (Throwable t) {
                assertInstanceOf(IOException.class, t, "seed=" + seed + " " + how + " threw " + t);
            }
            assertEquals(printBefore, print(machine), "seed=" + seed + " a refused restore changed the store, " + how);
            assertArrayEquals(good, snapshot(machine), "seed=" + seed + " a refused restore changed the state, " + how);
        }
    }
}
