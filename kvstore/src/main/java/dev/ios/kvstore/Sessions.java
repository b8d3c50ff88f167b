package dev.ios.kvstore;

import dev.ios.consensus.Check;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The client session table: per client, the last applied request id and its response, kept in
 * order of the clients' last requests (least recent first), and frozen for a snapshot in O(1).
 *
 * <p>With a bound, adding a session beyond {@code sessionsMax} evicts the least recent one. The
 * order depends only on the sequence of applied requests, never on time, so every server that
 * applies the same log with the same bound evicts the same clients.
 *
 * <p>The rows live in a {@link SessionTree} keyed by a stamp, a counter taken each time a client
 * becomes the most recent, so the tree's order is recency order and {@link #freeze} is the tree's
 * O(1) freeze. A {@code HashMap} from client to its current stamp finds a client's row; it is the
 * live side only and never reaches a snapshot, so its iteration order never matters. A touch moves
 * the row (remove it, add it newest under a new stamp): O(log n) where the {@code LinkedHashMap}
 * this replaced relinked in O(1), the price of a capture that no longer copies the rows.
 * Not thread-safe.
 */
final class Sessions {

    /** One client's last applied request. The response array is never mutated after creation. */
    record Session(long requestId, byte[] response) {}

    /** One row of the table, for snapshots. */
    record Entry(long clientId, Session session) {}

    /** A client's current stamp, changed in place when the client is touched (no boxing per touch). */
    private static final class Stamp {
        long value;

        Stamp(long value) {
            this.value = value;
        }
    }

    private final int sessionsMax;

    // Invariant: byRecency.size() == stampOf.size() <= sessionsMax, and for every row of
    // byRecency, stampOf.get(row.clientId).value == row.stamp.
    private final SessionTree byRecency = new SessionTree();
    private final HashMap<Long, Stamp> stampOf = new HashMap<>();
    // The stamp of the newest row, 0 before any. Invariant: every stamp in the table <= stampLast.
    private long stampLast;

    Sessions(int sessionsMax) {
        if (sessionsMax < 1) {
            throw new IllegalArgumentException("sessionsMax must be >= 1, was " + sessionsMax);
        }
        this.sessionsMax = sessionsMax;
    }

    /** The client's session, or null; makes the client the most recent. */
    Session touch(long clientId) {
        Stamp stamp = stampOf.get(clientId);
        if (stamp == null) {
            return null;
        }
        if (stamp.value == stampLast) {
            return byRecency.newestSession();
        }
        Session session = byRecency.remove(stamp.value);
        stamp.value = ++stampLast;
        byRecency.addNewest(stamp.value, clientId, session);
        return session;
    }

    /** Records the client's newest applied request, making it the most recent; may evict. */
    void put(long clientId, Session session) {
        Stamp stamp = stampOf.get(clientId);
        if (stamp == null) {
            stampOf.put(clientId, new Stamp(++stampLast));
            byRecency.addNewest(stampLast, clientId, session);
            evictBeyondBound();
            return;
        }
        if (stamp.value == stampLast) {
            // Already the most recent (apply touches before it puts): replace in place.
            byRecency.replaceNewest(session);
            return;
        }
        byRecency.remove(stamp.value);
        stamp.value = ++stampLast;
        byRecency.addNewest(stamp.value, clientId, session);
    }

    /** The table now, immutable from here on; O(1) (see {@link SessionTree#freeze}). */
    SessionTree.Frozen freeze() {
        return byRecency.freeze();
    }

    /** The table, least recent client first. O(n), for tests and restores. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(byRecency.size());
        SessionTree.Cursor row = byRecency.cursor();
        while (row.next()) {
            entries.add(new Entry(row.clientId(), row.session()));
        }
        return entries;
    }

    /** How many clients have a session. */
    int size() {
        return byRecency.size();
    }

    private void evictBeyondBound() {
        while (byRecency.size() > sessionsMax) {
            stampOf.remove(byRecency.removeOldest());
        }
    }

    /** Checks the tree's invariants and that the map and the tree agree: O(n), for tests. */
    void checkInvariants() {
        byRecency.checkInvariants();
        Check.that(stampOf.size() == byRecency.size(), "stampOf.size() == byRecency.size()", stampOf.size(),
                byRecency.size());
        Check.that(byRecency.size() <= sessionsMax, "size <= sessionsMax", byRecency.size(), sessionsMax);
        SessionTree.Cursor row = byRecency.cursor();
        while (row.next()) {
            Stamp stamp = stampOf.get(row.clientId());
            Check.that(stamp != null, "every row's client is in stampOf");
            Check.that(stamp.value == row.stamp(), "stampOf agrees with the row", stamp.value, row.stamp());
            Check.that(row.stamp() <= stampLast, "stamp <= stampLast", row.stamp(), stampLast);
        }
    }
}
