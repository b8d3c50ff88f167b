package dev.ios.server.runtime;

import dev.ios.server.api.ClientReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Client requests this server accepted and has not answered yet, by client and request id, with
 * a deadline so none waits forever. Owned by the replica thread; not thread-safe.
 */
final class PendingClients {

    private record Key(long clientId, long requestId) {}

    /** Who waits for one request, and until when (the latest retry's deadline). */
    private static final class Waiting {
        final List<Consumer<ClientReply>> callbacks = new ArrayList<>(1);
        long deadlineNs;
    }

    private record Deadline(long atNs, Key key) {}

    private final Map<Key, Waiting> waiting = new HashMap<>();
    // In arrival order, so deadlines are ascending; an entry whose key was answered (or re-armed
    // by a retry) since is skipped when it comes due.
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
    private final long timeoutNs;

    PendingClients(long timeoutNs) {
        this.timeoutNs = timeoutNs;
    }

    /** Remembers {@code onReply} for the request; a retry of a waiting request waits with it. */
    void add(long clientId, long requestId, Consumer<ClientReply> onReply, long nowNs) {
        Key key = new Key(clientId, requestId);
        Waiting w = waiting.computeIfAbsent(key, k -> new Waiting());
        w.callbacks.add(onReply);
        w.deadlineNs = nowNs + timeoutNs;
        deadlines.add(new Deadline(w.deadlineNs, key));
        // Without this the queue would hold every request of the last timeout period (a million at
        // 100,000 requests/s). Compacting when it is twice what waits costs O(1) per add, amortized,
        // and works even when one slow request sits at the head.
        if (deadlines.size() > 2 * waiting.size() + 64) {
            deadlines.removeIf(d -> !isCurrent(d));
        }
    }

    private boolean isCurrent(Deadline d) {
        Waiting w = waiting.get(d.key());
        return w != null && w.deadlineNs == d.atNs();
    }

    /** Deadlines held (for tests: bounded by what waits, not by what passed through). */
    int deadlinesHeld() {
        return deadlines.size();
    }

    /** Answers everyone waiting for the request, if anyone is. */
    void complete(long clientId, long requestId, ClientReply reply) {
        Waiting w = waiting.remove(new Key(clientId, requestId));
        if (w != null) {
            for (Consumer<ClientReply> callback : w.callbacks) {
                callback.accept(reply);
            }
        }
    }

    /** Answers {@code INDETERMINATE} to every request past its deadline. */
    void expire(long nowNs) {
        while (!deadlines.isEmpty() && deadlines.peek().atNs() <= nowNs) {
            Deadline due = deadlines.poll();
            // Only the latest deadline of a request counts: an earlier submission of the same ids
            // that was answered must not cut a later wait short.
            if (isCurrent(due)) {
                complete(due.key().clientId(), due.key().requestId(), indeterminate(
                        "timed out: the request may or may not have been applied; retry with the same ids"));
            }
        }
    }

    /** Answers {@code INDETERMINATE} to everyone (at shutdown). */
    void failAll(String why) {
        for (Key key : List.copyOf(waiting.keySet())) {
            complete(key.clientId(), key.requestId(), indeterminate(why));
        }
        deadlines.clear();
    }

    int size() {
        return waiting.size();
    }

    private static ClientReply indeterminate(String why) {
        return new ClientReply(ClientReply.Outcome.INDETERMINATE, why.getBytes(StandardCharsets.UTF_8), -1);
    }
}
