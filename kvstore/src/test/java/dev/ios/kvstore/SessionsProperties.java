package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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
 * puts, evictions and freezes), holds exactly the model's rows of its freeze. Seeded:
 * {@code -Dprop.seed=N} replays one case.
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

        String rows() {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<Long, Sessions.Session> e : byClient.entrySet()) {
                row(out, e.getKey(), e.getValue());
            }
            return out.toString();
        }
    }

    /** A frozen table, the model's rows at its freeze and the step it was taken. */
    private record Expected(SessionTree.Frozen frozen, String rows, int step) {}

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

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void touchesPutsAndEvictionsMatchTheLinkedHashMapModel(long seed) {
        run(seed, false);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void frozenTablesReadLateHoldTheRowsOfTheirFreeze(long seed) {
        run(seed, true);
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
                    outstanding.add(new Expected(sessions.freeze(), model.rows(), step));
                }
                if (!outstanding.isEmpty() && gen.chance(0.05)) {
                    Expected e = outstanding.remove(gen.random.nextInt(outstanding.size()));
                    assertEquals(e.rows(), rows(e.frozen(), where), where + " frozen at step " + e.step());
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
            assertEquals(e.rows(), rows(e.frozen(), where), where + " frozen at step " + e.step());
        }
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
