package dev.ios.kvstore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client session table: per client, the last applied request id and its response, kept in
 * order of the clients' last requests (least recent first).
 *
 * <p>With a bound, adding a session beyond {@code sessionsMax} evicts the least recent one. The
 * order depends only on the sequence of applied requests, never on time, so every server that
 * applies the same log with the same bound evicts the same clients. Not thread-safe.
 */
final class Sessions {

    /** One client's last applied request. The response array is never mutated after creation. */
    record Session(long requestId, byte[] response) {}

    /** One row of the table, for snapshots. */
    record Entry(long clientId, Session session) {}

    private final int sessionsMax;

    // Insertion order is recency order: touching a client removes and re-inserts it.
    // Invariant: byClient.size() <= sessionsMax.
    private final LinkedHashMap<Long, Session> byClient = new LinkedHashMap<>();

    Sessions(int sessionsMax) {
        if (sessionsMax < 1) {
            throw new IllegalArgumentException("sessionsMax must be >= 1, was " + sessionsMax);
        }
        this.sessionsMax = sessionsMax;
    }

    /** The client's session, or null; makes the client the most recent. */
    Session touch(long clientId) {
        Session session = byClient.remove(clientId);
        if (session != null) {
            byClient.put(clientId, session);
        }
        return session;
    }

    /** Records the client's newest applied request, making it the most recent; may evict. */
    void put(long clientId, Session session) {
        byClient.remove(clientId);
        byClient.put(clientId, session);
        evictBeyondBound();
    }

    /** The table, least recent client first. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(byClient.size());
        for (Map.Entry<Long, Session> e : byClient.entrySet()) {
            entries.add(new Entry(e.getKey(), e.getValue()));
        }
        return entries;
    }

    /** How many clients have a session. */
    int size() {
        return byClient.size();
    }

    private void evictBeyondBound() {
        Iterator<Long> leastRecentFirst = byClient.keySet().iterator();
        while (byClient.size() > sessionsMax) {
            leastRecentFirst.next();
            leastRecentFirst.remove();
        }
    }
}
