package dev.ios.server.runtime;

import dev.ios.server.api.ClientReply;
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

    private record Deadline(long atNs, Key key) {}

    private final Map<Key, List<Consumer<ClientReply>>> waiting = new HashMap<>();
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
    private final long timeoutNs;

    PendingClients(long timeoutNs) {
        this.timeoutNs = timeoutNs;
    }

    /** Remembers {@code onReply} for the request; a retry of a waiting request waits with it. */
    void add(long clientId, long requestId, Consumer<ClientReply> onReply, long nowNs) {
        Key key = new Key(clientId, requestId);
        waiting.computeIfAbsent(key, k -> new ArrayList<>(1)).add(onReply);
        deadlines.add(new Deadline(nowNs + timeoutNs, key));
    }

    /** Answers everyone waiting for the request, if anyone is. */
    void complete(long clientId, long requestId, ClientReply reply) {
        List<Consumer<ClientReply>> callbacks = waiting.remove(new Key(clientId, requestId));
        if (callbacks != null) {
            for (Consumer<ClientReply> callback : callbacks) {
                callback.accept(reply);
            }
        }
    }

    /** Answers {@code INDETERMINATE} to every request past its deadline. */
    void expire(long nowNs) {
        while (!deadlines.isEmpty() && deadlines.peek().atNs() <= nowNs) {
            Key key = deadlines.poll().key();
            complete(key.clientId(), key.requestId(), new ClientReply(ClientReply.Outcome.INDETERMINATE,
                    "timed out: the request may or may not have been applied; retry with the same ids"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8), -1));
        }
    }

    /** Answers {@code INDETERMINATE} to everyone (at shutdown). */
    void failAll(String why) {
        for (Key key : List.copyOf(waiting.keySet())) {
            complete(key.clientId(), key.requestId(), new ClientReply(ClientReply.Outcome.INDETERMINATE,
                    why.getBytes(java.nio.charset.StandardCharsets.UTF_8), -1));
        }
        deadlines.clear();
    }

    int size() {
        return waiting.size();
    }
}
