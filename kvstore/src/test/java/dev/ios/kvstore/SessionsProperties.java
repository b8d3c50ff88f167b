package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Sessions} (a copy-on-write tree in stamp order) against the {@code LinkedHashMap} table
 * it replaced, kept here as the model: random touches and puts from a small pool of clients under
 * small bounds, so that eviction happens often; every answer, the size and the rows least recent
 * first agree, and every frozen table, read at a random later moment (after many more touches,
 * puts, evictions and freezes), holds exactly the model's rows of its freeze. One seed in four is a
 * deep case instead ({@link DeepTrees}): hundreds to a few thousand rows, touched and evicted in
 * orders that rebalance the tree at every level. Seeded: {@code -Dprop.seed=N} replays one case.
 */
class SessionsProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    /** The table before the copy-on-write tree, verbatim in behaviour: the obviously correct version. */
    private static final class Model {
        private final int sessionsMax;
        private final LinkedHashMap<Long, Sessions.Session> byClient = new LinkedHashMap<>();

        Model(int sessionsMax) {
            this.sessionsMax = sessionsMax;
        }

        Sessions.Session touch(long clientId) {
            Sessions.Session session = byClient.remove(clientId);
            if (session != null) {
                byClient.put(clientId, session);
            }
            return session;
        }

        void put(long clientId, Sessions.Session session) {
            byClient.remove(clientId);
            byClient.put(clientId, session);
            Iterator<Long> leastRecentFirst = byClient.keySet().iterator();
            while (byClient.size() > sessionsMax) {
                leastRecentFirst.next();
                leastRecentFirst.remove();
            }
        }

        List<Long> clientsLeastRecentFirst() {
            return new ArrayList<>(byClient.keySet());
        }

        String rows() {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<Long, Sessions.Session> e : byClient.entrySet()) {
                row(out, e.getKey(), e.getValue());
            }
            return out.toString();
        }
    }

    /** A frozen table, the model's rows at its freeze and when it was taken. */
    private record Expected(SessionTree.Frozen frozen, String rows, String when) {}

    /** One random case: a bound, a pool of clients and how often to freeze. */
    private record Case(int sessionsMax, int clientCount, double freezeChance) {
        static Case of(Gen gen) {
            int sessionsMax;
            int kind = gen.random.nextInt(4);
            if (kind < 2) {
                sessionsMax = gen.between(1, 4); // eviction on most new clients
            } else if (kind == 2) {
                sessionsMax = gen.between(5, 200); // deeper trees, every rotation
            } else {
                sessionsMax = KvStateMachine.SESSIONS_UNBOUNDED;
            }
            int clientCount = gen.chance(0.4) ? gen.between(1, 8) : gen.between(10, 300);
            return new Case(sessionsMax, clientCount, gen.chance(0.5) ? 0.01 : 0.2);
        }
    }

    /**
     * A deep case: {@code rowCount} clients fill a table bounded at {@code rowCount}; every client
     * is then touched in {@code touchOrder} (by recency rank); bands of clients around the ranks
     * where the root and its children sit, and one wide band, are touched in {@code bandOrder};
     * {@code evictionCount} new clients evict as many of the least recent; then {@code churnSteps}
     * random steps over a pool a quarter larger than the table.
     *
     * <p>Every new row enters at the newest end, so the stamps always arrive ascending and the fill
     * rotates at every level on the right; the orders decide where rows leave. A touch takes its
     * row out of the middle (ascending: always the oldest, down the left spine; descending: just left
     * of the rows already moved, walking right to left; zigzag and strided: from both ends, or
     * every other row), and a band or an eviction burst takes out whole
     * subtrees, the root included.
     */
    private record DeepCase(int rowCount, DeepTrees.Order touchOrder, DeepTrees.Order bandOrder, int evictionCount,
            int churnSteps) {
        static DeepCase of(Gen gen) {
            int rowCount = DeepTrees.entryCount(gen);
            return new DeepCase(rowCount, DeepTrees.Order.pick(gen), DeepTrees.Order.pick(gen),
                    gen.between(rowCount / 4, rowCount), gen.between(300, 600));
        }

        @Override
        public String toString() {
            return "deep[rows=" + rowCount + " touch=" + touchOrder + " bands=" + bandOrder + " evictions="
                    + evictionCount + " churn=" + churnSteps + "]";
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void touchesPutsAndEvictionsMatchTheLinkedHashMapModel(long seed) {
        if (DeepTrees.isDeep(seed)) {
            new DeepRun(seed, false).run();
        } else {
            run(seed, false);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void frozenTablesReadLateHoldTheRowsOfTheirFreeze(long seed) {
        if (DeepTrees.isDeep(seed)) {
            new DeepRun(seed, true).run();
        } else {
            run(seed, true);
        }
    }

    /**
     * 1,000 steps of touches, puts and apply-like touch-then-put pairs; with {@code freezes}, frozen
     * tables are taken and read at random later steps, else the live table is checked at every step.
     */
    private static void run(long seed, boolean freezes) {
        Gen gen = new Gen(seed);
        Case c = Case.of(gen);
        Sessions sessions = new Sessions(c.sessionsMax());
        Model model = new Model(c.sessionsMax());
        List<Expected> outstanding = new ArrayList<>();
        long requestId = 0;

        for (int step = 0; step < 1_000; step++) {
            String where = "seed=" + seed + " " + c + " step=" + step;
            long clientId = gen.random.nextInt(c.clientCount()) - 2; // a few negative ids and 0 too
            int kind = gen.random.nextInt(10);
            if (kind < 3) {
                assertSame(model.touch(clientId), sessions.touch(clientId), where + " touch " + clientId);
            } else if (kind < 6) {
                Sessions.Session session = new Sessions.Session(++requestId, Lines.utf8("r" + requestId));
                model.put(clientId, session);
                sessions.put(clientId, session);
            } else {
                // What apply does for a new request: touch, then put the new session.
                assertSame(model.touch(clientId), sessions.touch(clientId), where + " touch " + clientId);
                Sessions.Session session = new Sessions.Session(++requestId, Lines.utf8("r" + requestId));
                model.put(clientId, session);
                sessions.put(clientId, session);
            }
            assertEquals(model.byClient.size(), sessions.size(), where + " size");
            if (freezes) {
                if (gen.chance(c.freezeChance())) {
                    outstanding.add(new Expected(sessions.freeze(), model.rows(), "step " + step));
                }
                if (!outstanding.isEmpty() && gen.chance(0.05)) {
                    Expected e = outstanding.remove(gen.random.nextInt(outstanding.size()));
                    assertEquals(e.rows(), rows(e.frozen(), where), where + " frozen at " + e.when());
                }
            } else {
                assertEquals(model.rows(), rows(sessions.entries()), where + " rows, least recent first");
            }
            if (step % 8 == 0) {
                // A whole-table walk: every 8th step keeps the case fast, and a broken tree or map
                // persists until it is seen.
                sessions.checkInvariants();
            }
        }
        String where = "seed=" + seed + " " + c + " at the end";
        sessions.checkInvariants();
        assertEquals(model.rows(), rows(sessions.entries()), where + " rows, least recent first");
        for (Expected e : outstanding) {
            assertEquals(e.rows(), rows(e.frozen(), where), where + " frozen at " + e.when());
        }
    }

    /**
     * One deep case (see {@link DeepCase}), phase by phase. Every touch's answer and the size are
     * checked after every operation; the O(n) checks are spaced so that they cost about as much as
     * the operations: the tree's invariants every {@value #INVARIANTS_EVERY} operations, the live rows (without
     * freezes) every {@value #ROWS_EVERY}, and both at the end of every phase. With freezes, a table
     * is frozen at the end of every phase and at about {@value #FREEZES_RANDOM} random moments, and
     * read at random later moments and at the end.
     */
    private static final class DeepRun {
        private static final int INVARIANTS_EVERY = 64;
        private static final int ROWS_EVERY = 256;
        private static final int FREEZES_RANDOM = 12;

        private final long seed;
        private final boolean freezes;
        private final Gen gen;
        private final DeepCase c;
        private final Sessions sessions;
        private final Model model;
        private final List<Expected> outstanding = new ArrayList<>();
        private final double freezeChance;
        private long requestId;
        private String phase = "start";
        private int operation;

        DeepRun(long seed, boolean freezes) {
            this.seed = seed;
            this.freezes = freezes;
            this.gen = new Gen(seed);
            this.c = DeepCase.of(gen);
            this.sessions = new Sessions(c.rowCount());
            this.model = new Model(c.rowCount());
            int operations = 2 * c.rowCount() + c.rowCount() / 2 + c.evictionCount() + c.churnSteps();
            this.freezeChance = (double) FREEZES_RANDOM / operations;
        }

        /** Runs the phases; an exception or invariant violation fails with the seed, shape and phase in front. */
        void run() {
            try {
                phases();
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                fail(where() + " threw " + e, e);
            }
        }

        private void phases() {
            int rowCount = c.rowCount();
            begin("fill");
            for (int client = 0; client < rowCount; client++) {
                put(client);
            }
            begin("touch " + c.touchOrder());
            List<Long> leastRecentFirst = model.clientsLeastRecentFirst();
            for (int rank : c.touchOrder().ranks(rowCount)) {
                touchOrApply(leastRecentFirst.get(rank));
            }
            begin("bands " + c.bandOrder());
            leastRecentFirst = model.clientsLeastRecentFirst();
            for (int rank : DeepTrees.bands(gen, rowCount, c.bandOrder())) {
                touchOrApply(leastRecentFirst.get(rank));
            }
            begin("evictions");
            for (int i = 0; i < c.evictionCount(); i++) {
                put(rowCount + i); // a new client: evicts the least recent
            }
            begin("churn");
            int pool = rowCount + c.evictionCount() + rowCount / 4;
            for (int step = 0; step < c.churnSteps(); step++) {
                long clientId = gen.random.nextInt(pool);
                if (gen.chance(0.3)) {
                    touch(clientId);
                } else if (gen.chance(0.5)) {
                    put(clientId);
                } else {
                    touchOrApply(clientId);
                }
            }
            begin("the end");
            for (Expected e : outstanding) {
                assertRows(e.rows(), rows(e.frozen(), where()), where() + " frozen at " + e.when());
            }
        }

        private String where() {
            return "seed=" + seed + " " + c + " phase=" + phase + " operation=" + operation;
        }

        /** Ends the current phase with every check, and starts the next. */
        private void begin(String next) {
            sessions.checkInvariants();
            assertRows(model.rows(), rows(sessions.entries()), where() + " rows, least recent first");
            if (freezes && operation > 0) {
                outstanding.add(new Expected(sessions.freeze(), model.rows(), "the end of phase " + phase));
            }
            phase = next;
            operation = 0;
        }

        private void touch(long clientId) {
            assertSame(model.touch(clientId), sessions.touch(clientId), where() + " touch " + clientId);
            checked();
        }

        private void put(long clientId) {
            Sessions.Session session = new Sessions.Session(++requestId, Lines.utf8("r" + requestId));
            model.put(clientId, session);
            sessions.put(clientId, session);
            checked();
        }

        /** A touch, or what apply does for a new request: touch, then put. */
        private void touchOrApply(long clientId) {
            touch(clientId);
            if (gen.chance(0.5)) {
                put(clientId);
            }
        }

        private void checked() {
            operation++;
            assertEquals(model.byClient.size(), sessions.size(), where() + " size");
            if (operation % INVARIANTS_EVERY == 0) {
                sessions.checkInvariants();
            }
            if (freezes) {
                if (gen.chance(freezeChance)) {
                    outstanding.add(new Expected(sessions.freeze(), model.rows(), phase + " operation " + operation));
                }
                if (!outstanding.isEmpty() && gen.chance(freezeChance / 2)) {
                    Expected e = outstanding.remove(gen.random.nextInt(outstanding.size()));
                    assertRows(e.rows(), rows(e.frozen(), where()), where() + " frozen at " + e.when());
                }
            } else if (operation % ROWS_EVERY == 0) {
                assertRows(model.rows(), rows(sessions.entries()), where() + " rows, least recent first");
            }
        }
    }

    /**
     * {@code assertEquals} for tables of thousands of rows: on a difference, the message shows the
     * first differing row and the row counts instead of both tables whole.
     */
    private static void assertRows(String expected, String actual, String where) {
        if (expected.equals(actual)) {
            return;
        }
        String[] want = expected.split("\n", -1);
        String[] got = actual.split("\n", -1);
        int row = 0;
        while (row < want.length && row < got.length && want[row].equals(got[row])) {
            row++;
        }
        fail(where + ": rows differ first at row " + row + " (least recent first): expected <"
                + (row < want.length ? want[row] : "no row") + "> but was <" + (row < got.length ? got[row] : "no row")
                + ">; expected " + (want.length - 1) + " rows, got " + (got.length - 1));
    }

    private static String rows(List<Sessions.Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (Sessions.Entry e : entries) {
            row(out, e.clientId(), e.session());
        }
        return out.toString();
    }

    private static String rows(SessionTree.Frozen frozen, String where) {
        StringBuilder out = new StringBuilder();
        SessionTree.Cursor cursor = frozen.cursor();
        int count = 0;
        while (cursor.next()) {
            row(out, cursor.clientId(), cursor.session());
            count++;
        }
        assertEquals(count, frozen.size(), where + ": a frozen table's size and its rows");
        return out.toString();
    }

    private static void row(StringBuilder out, long clientId, Sessions.Session session) {
        out.append(clientId).append(": ").append(session.requestId()).append(' ')
                .append(Lines.text(session.response())).append('\n');
    }
}
