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
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots are deterministic and complete: machines that applied the same requests write the
 * same bytes; a restored machine prints the same store and answers later requests and retries
 * exactly like the original; a captured image, written whenever, writes its capture's state;
 * damaged or random bytes are refused with an {@link IOException} only, leaving the state alone.
 * One seed in four builds deep trees instead of small ones ({@link DeepTrees}, {@link DeepCase}):
 * hundreds to a few thousand keys and clients, so that captures, restores and writes after a
 * capture meet rotations at every level. Seeded: {@code -Dprop.seed=N} replays one case.
 */
class SnapshotProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    /** One request as the runtime would apply it. */
    private record Applied(long index, long clientId, long requestId, byte[] command) {}

    /**
     * A random request history with several clients, retries, stale ids and shared indices; in a
     * deep case without prints (see {@link #deepCommand}).
     */
    private static List<Applied> history(Gen gen, List<String> keys, long indexFrom, long[] nextRequest, int length) {
        return history(gen, keys, indexFrom, nextRequest, length, false);
    }

    private static List<Applied> history(Gen gen, List<String> keys, long indexFrom, long[] nextRequest, int length,
            boolean deep) {
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
            byte[] command = Lines.utf8(CommandFormatter.format(deep ? deepCommand(gen, keys) : gen.command(keys)));
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

    /**
     * A session bound and two histories: before a snapshot, and after it ({@code afterLength}
     * requests, more in a deep case); {@code where} names the seed and, for a deep case, its shape.
     */
    private record Case(int sessionsMax, List<Applied> before, long lastIndex, List<Applied> after, String where) {
        static Case of(long seed, Gen gen, int afterLength) {
            if (DeepTrees.isDeep(seed)) {
                return deep(seed, gen, afterLength);
            }
            List<String> keys = gen.keys();
            long[] nextRequest = new long[gen.between(1, 5)];
            int sessionsMax = gen.chance(0.5) ? gen.between(1, 3) : KvStateMachine.SESSIONS_UNBOUNDED;
            List<Applied> before = history(gen, keys, 1, nextRequest, gen.between(0, 150));
            long lastIndex = before.isEmpty() ? 1 : before.get(before.size() - 1).index();
            return new Case(sessionsMax, before, lastIndex, history(gen, keys, lastIndex, nextRequest, afterLength),
                    "seed=" + seed);
        }

        /**
         * A deep case: the fill and the touches before the snapshot, so that it holds a deep tree
         * of pairs and one of sessions; the bands, the evictions and {@code afterLength} random
         * requests over all the keys and a larger pool of clients after it, so that the machines
         * (one of them restored: its trees rebuilt ascending) take out whole subtrees of both.
         */
        static Case deep(long seed, Gen gen, int afterLength) {
            DeepCase c = DeepCase.of(gen);
            List<String> keys = c.keys(gen);
            long[] nextRequest = new long[c.clientPool()];
            List<Scripted> script = c.script(gen, keys);
            List<Applied> before = new ArrayList<>();
            List<Applied> after = new ArrayList<>();
            long index = 1;
            for (Scripted r : script) {
                List<Applied> into = r.phase().startsWith("fill") || r.phase().startsWith("touch") ? before : after;
                long requestId = nextRequest[r.client()]++;
                byte[] line = Lines.utf8(CommandFormatter.format(r.command()));
                into.add(new Applied(index, r.client() + 100, requestId, line));
                index += gen.between(0, 2);
            }
            long lastIndex = before.get(before.size() - 1).index();
            after.addAll(history(gen, keys, index, nextRequest, afterLength, true));
            return new Case(c.sessionsMax(), before, lastIndex, after, "seed=" + seed + " " + c);
        }
    }

    /**
     * The shape of a deep case: {@code keyCount} keys are set in {@code fillOrder} (key order), each
     * by a new client, so the session rows fill in the same steps, under a bound below the key
     * count (evicting all along the fill) or none; then every fill client in {@code touchOrder}
     * (by recency) sends a random request; then the keys of {@link DeepTrees#bands} in {@code
     * bandOrder} are deleted, each by the client that set it; then {@code evictionCount} new
     * clients send random requests, evicting as many rows when bounded.
     */
    private record DeepCase(int keyCount, DeepTrees.Order fillOrder, DeepTrees.Order touchOrder,
            DeepTrees.Order bandOrder, int sessionsMax, int evictionCount) {
        static DeepCase of(Gen gen) {
            int keyCount = DeepTrees.entryCount(gen);
            DeepTrees.Order fillOrder = DeepTrees.Order.pick(gen);
            DeepTrees.Order touchOrder = DeepTrees.Order.pick(gen);
            DeepTrees.Order bandOrder = DeepTrees.Order.pick(gen);
            int sessionsMax = gen.chance(0.5) ? gen.between(keyCount / 4, keyCount) : KvStateMachine.SESSIONS_UNBOUNDED;
            return new DeepCase(keyCount, fillOrder, touchOrder, bandOrder, sessionsMax,
                    gen.between(keyCount / 8, keyCount / 2));
        }

        /** Clients 0 .. keyCount-1 fill, the next evictionCount evict, the rest are new to random requests. */
        int clientPool() {
            return keyCount + evictionCount + keyCount / 4;
        }

        /** {@code keyCount} distinct keys in key order (String order is {@link Utf16Order}'s). */
        List<String> keys(Gen gen) {
            TreeSet<String> keys = new TreeSet<>();
            while (keys.size() < keyCount) {
                keys.add(gen.chance(0.9) ? gen.plain(gen.between(2, 6)) : gen.word());
            }
            return new ArrayList<>(keys);
        }

        /** The requests of every phase but the random tail, in order. */
        List<Scripted> script(Gen gen, List<String> keys) {
            List<Scripted> script = new ArrayList<>();
            int client = 0;
            for (int rank : fillOrder.ranks(keyCount)) {
                script.add(new Scripted("fill " + fillOrder, client++, new Command.Update(keys.get(rank), gen.word())));
            }
            // Fill client i became the most recent at step i: its recency rank is i, as long as the
            // bound did not evict it (then it comes back as a new client and evicts one).
            for (int rank : touchOrder.ranks(keyCount)) {
                script.add(new Scripted("touch " + touchOrder, rank, deepCommand(gen, keys)));
            }
            int[] fillClientOf = new int[keyCount];
            int[] fill = fillOrder.ranks(keyCount);
            for (int i = 0; i < keyCount; i++) {
                fillClientOf[fill[i]] = i;
            }
            for (int rank : DeepTrees.bands(gen, keyCount, bandOrder)) {
                script.add(new Scripted("bands " + bandOrder, fillClientOf[rank], new Command.Delete(keys.get(rank))));
            }
            for (int i = 0; i < evictionCount; i++) {
                script.add(new Scripted("evictions", client++, deepCommand(gen, keys)));
            }
            return script;
        }

        @Override
        public String toString() {
            return "deep[keys=" + keyCount + " fill=" + fillOrder + " touch=" + touchOrder + " bands=" + bandOrder
                    + " sessionsMax=" + (sessionsMax == KvStateMachine.SESSIONS_UNBOUNDED ? "unbounded" : sessionsMax)
                    + " evictions=" + evictionCount + "]";
        }
    }

    /**
     * {@link Gen#command} with every print turned into a count: in a deep case a print costs
     * O(keys) and its response, which the session keeps and every snapshot writes, is as large as
     * the store. The prints of a deep case are reads, a few per case.
     */
    private static Command deepCommand(Gen gen, List<String> keys) {
        Command command = gen.command(keys);
        if (command instanceof Command.Print) {
            return new Command.Count();
        }
        if (command instanceof Command.Joined joined) {
            List<Command.Operation> operations = new ArrayList<>();
            for (Command.Operation operation : joined.operations()) {
                operations.add(operation instanceof Command.Print ? new Command.Count() : operation);
            }
            return new Command.Joined(operations);
        }
        return command;
    }

    /** One request of a deep case: its phase, the client's index (its id is index + 100) and the command. */
    private record Scripted(String phase, int client, Command command) {}

    private static String print(KvStateMachine machine) {
        return Lines.text(machine.read(Lines.utf8("print")));
    }

    /** A test body that may throw {@link IOException}. */
    private interface Body {
        void run() throws IOException;
    }

    /**
     * Runs {@code body}, and fails with {@code where} (the seed, and a deep case's shape) in front of
     * any exception or invariant violation it throws: a tree's own checks do not know the seed.
     */
    private static void named(String where, Body body) throws IOException {
        try {
            body.run();
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            fail(where + " threw " + e, e);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void restoredMachinesBehaveLikeTheOriginal(long seed) throws IOException {
        Case c = Case.of(seed, new Gen(seed), 100);
        named(c.where(), () -> restoredMachinesBehaveLikeTheOriginal(c));
    }

    private static void restoredMachinesBehaveLikeTheOriginal(Case c) throws IOException {
        String where = c.where();
        int sessionsMax = c.sessionsMax();
        List<Applied> before = c.before();
        long lastIndex = c.lastIndex();
        List<Applied> after = c.after();

        KvStateMachine original = new KvStateMachine(sessionsMax);
        KvStateMachine twin = new KvStateMachine(sessionsMax);
        applyAll(original, before);
        applyAll(twin, before);
        byte[] snap = snapshot(original);
        assertArrayEquals(snap, snapshot(twin), where + " same requests, different snapshot bytes");

        KvStateMachine restored = new KvStateMachine(sessionsMax);
        restored.restore(new ByteArrayInputStream(snap));
        assertLines(print(original), print(restored), where + " print after restore");
        assertEquals(original.indexApplied(), restored.indexApplied(), where + " indexApplied");
        assertArrayEquals(snap, snapshot(restored), where + " a restored machine snapshots the same bytes");

        // A new client forces an eviction when the table is full: the restored machine must evict the
        // same client as the original, so the recency order has to survive the snapshot.
        byte[] probe = Lines.utf8("count");
        assertEquals(Lines.text(original.apply(lastIndex, 99, 0, probe)), Lines.text(restored.apply(lastIndex, 99, 0, probe)),
                where + " a new client after restore");
        assertArrayEquals(snapshot(original), snapshot(restored), where + " sessions after one more client");

        // Later requests, retries of requests from before the snapshot included, get the same answers.
        assertResponses(after, applyAll(original, after), applyAll(restored, after),
                where + " responses after restore");
        assertArrayEquals(snapshot(original), snapshot(restored), where + " final snapshots");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aCapturedImageWritesTheStateOfItsCaptureWhateverIsAppliedOrRestoredAfter(long seed) throws IOException {
        Gen gen = new Gen(seed);
        Case c = Case.of(seed, gen, gen.between(1, 100));
        named(c.where(), () -> aCapturedImageWritesTheStateOfItsCapture(gen, c));
    }

    private static void aCapturedImageWritesTheStateOfItsCapture(Gen gen, Case c) throws IOException {
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
        assertArrayEquals(atCapture, written.toByteArray(), c.where() + " the image changed after its capture");
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

    /**
     * How often, per step, {@link #imagesWrittenAnyTimeLaterWriteTheirCaptureWhileReadsFollowTheModel}
     * does each of its O(n) checks and events: a print, a capture, a restore (of an empty machine's
     * snapshot with {@code restoreEmpty}), a comparison of snapshot bytes, and the write of a
     * pending image.
     */
    private record Rates(double print, double capture, double restore, double restoreEmpty, double snapshot,
            double write) {}

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void imagesWrittenAnyTimeLaterWriteTheirCaptureWhileReadsFollowTheModel(long seed) throws IOException {
        Gen gen = new Gen(seed);
        DeepCase c = DeepTrees.isDeep(seed) ? DeepCase.of(gen) : null;
        String seedAndShape = "seed=" + seed + (c == null ? "" : " " + c);
        named(seedAndShape, () -> imagesWrittenAnyTimeLaterWriteTheirCapture(gen, c, seedAndShape));
    }

    /** The body of the test above; {@code c} is null unless the case is deep. */
    private static void imagesWrittenAnyTimeLaterWriteTheirCapture(Gen gen, DeepCase c, String seedAndShape)
            throws IOException {
        boolean deep = c != null;
        List<String> keys = deep ? c.keys(gen) : manyKeys(gen);
        // A deep case runs its script (fill, touches, bands, evictions) and then 400 random steps.
        List<Scripted> script = deep ? c.script(gen, keys) : List.of();
        int steps = script.size() + 400;
        int sessionsMax = deep
                ? c.sessionsMax()
                : gen.chance(0.5) ? gen.between(1, 3) : KvStateMachine.SESSIONS_UNBOUNDED;
        Rates rates;
        if (deep) {
            // Each of these is O(n) in a deep case: a few dozen in all cost about as much as the
            // steps. No empty restores: they would throw the deep trees away (the shallow cases do them).
            rates = new Rates(8.0 / steps, 12.0 / steps, 3.0 / steps, 0, 3.0 / steps, 6.0 / steps);
        } else {
            double captureChance = gen.chance(0.5) ? 0.02 : 0.2;
            rates = new Rates(0.2, captureChance, 0.03, 0.5, 0.02, 0.05);
        }
        KvStateMachine machine = new KvStateMachine(sessionsMax);
        // The twin applies the same requests but is never captured: its snapshot() is what the
        // machine's snapshot() gives at that moment, without an extra capture of the machine.
        KvStateMachine twin = new KvStateMachine(sessionsMax);
        TreeMap<String, String> model = new TreeMap<>();
        List<Pending> pending = new ArrayList<>();
        long[] nextRequest = new long[deep ? c.clientPool() : gen.between(1, 4)];
        long index = 1;

        for (int step = 0; step < steps; step++) {
            int client;
            Command command;
            String where;
            if (step < script.size()) {
                Scripted r = script.get(step);
                client = r.client();
                command = r.command();
                where = seedAndShape + " phase=" + r.phase() + " step=" + step;
            } else {
                client = gen.random.nextInt(nextRequest.length);
                command = null;
                where = seedAndShape + (deep ? " phase=random" : "") + " step=" + step;
            }
            long requestId = nextRequest[client]++;
            if (command == null) {
                command = deep ? deepCommand(gen, keys) : gen.command(keys);
            }
            byte[] line = Lines.utf8(CommandFormatter.format(command));
            String expected = Lines.model(command, model);
            assertEquals(expected, Lines.text(machine.apply(index, client + 100, requestId, line)), where);
            twin.apply(index, client + 100, requestId, line);
            index += gen.between(0, 2);

            String key = gen.pick(keys);
            String get = "get " + Lines.quote(key);
            assertEquals(Lines.model(new Command.Get(key), model), Lines.text(machine.read(Lines.utf8(get))), where);
            assertEquals(String.valueOf(model.size()), Lines.text(machine.read(Lines.utf8("count"))), where);
            if (gen.chance(rates.print())) {
                assertLines(Lines.model(new Command.Print(), model), print(machine), where + " print");
            }
            if (gen.chance(rates.capture())) {
                pending.add(new Pending(machine.capture(), snapshot(twin), step));
            }
            if (gen.chance(rates.restore())) {
                // Install a snapshot while images are outstanding: the twin's own state (the same
                // pairs in a new tree) or an empty machine's.
                boolean empty = gen.chance(rates.restoreEmpty());
                byte[] installed = empty ? snapshot(new KvStateMachine(sessionsMax)) : snapshot(twin);
                machine.restore(new ByteArrayInputStream(installed));
                twin.restore(new ByteArrayInputStream(installed));
                if (empty) {
                    model.clear();
                }
                index = Math.max(index, machine.indexApplied());
            }
            if (gen.chance(rates.snapshot())) {
                assertArrayEquals(snapshot(twin), snapshot(machine), where + " snapshot()");
            }
            if (!pending.isEmpty() && gen.chance(rates.write())) {
                writeAndCheck(pending.remove(gen.random.nextInt(pending.size())), where);
            }
        }
        String where = seedAndShape + " at the end";
        assertLines(Lines.model(new Command.Print(), model), print(machine), where + " print");
        while (!pending.isEmpty()) {
            writeAndCheck(pending.remove(gen.random.nextInt(pending.size())), where);
        }
    }

    /**
     * {@code assertEquals} for the print of thousands of pairs: on a difference, the message shows
     * the first differing line and the line counts instead of both texts whole.
     */
    private static void assertLines(String expected, String actual, String where) {
        if (expected.equals(actual)) {
            return;
        }
        String[] want = expected.split("\\n", -1);
        String[] got = actual.split("\\n", -1);
        int line = 0;
        while (line < want.length && line < got.length && want[line].equals(got[line])) {
            line++;
        }
        fail(where + ": first difference at line " + line + ": expected <"
                + (line < want.length ? want[line] : "no line") + "> but was <"
                + (line < got.length ? got[line] : "no line") + ">; expected " + want.length + " lines, got "
                + got.length);
    }

    /** The responses of two machines to {@code requests}, equal; a difference names the first request. */
    private static void assertResponses(List<Applied> requests, List<String> expected, List<String> actual,
            String where) {
        assertEquals(expected.size(), actual.size(), where + " response count");
        for (int i = 0; i < expected.size(); i++) {
            Applied a = requests.get(i);
            assertEquals(expected.get(i), actual.get(i), where + ": request " + i + " of " + expected.size()
                    + " (client " + a.clientId() + ", request " + a.requestId() + ": " + Lines.text(a.command()) + ")");
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
