package dev.ios.bench.lineport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The answers of one client connection, released in the order its requests arrived, whichever order
 * they complete in: a write completes when the Raft library has applied it, a read when its read index is
 * reached, a rejection at once, so a read may finish before an earlier write. The protocol promises
 * answers in request order (docs/client-protocol.md, pipelining), and the benchmark's {@code --fill}
 * keeps 16 requests in flight per connection.
 *
 * <p>Threads: {@link #reserve()} is called on the connection's I/O thread in arrival order; {@link
 * Slot#complete} from any thread (the library's callbacks and futures). The sink runs under this object's lock, so
 * it must not block: it only queues bytes on the channel.
 */
final class OrderedReplies {

    /** The place of one request's answer in the connection's order. */
    final class Slot {
        private String line;

        private Slot() {}

        /**
         * Sets this request's answer and releases every answer that is now at the head of the order.
         * A second call is ignored: the first answer stands.
         */
        void complete(String answer) {
            List<String> ready;
            synchronized (OrderedReplies.this) {
                if (line != null) {
                    return;
                }
                line = answer;
                ready = new ArrayList<>();
                // Invariant: every slot before the head has been released, in order.
                while (!waiting.isEmpty() && waiting.peekFirst().line != null) {
                    ready.add(waiting.pollFirst().line);
                }
                if (!ready.isEmpty()) {
                    sink.accept(ready);
                }
            }
        }
    }

    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private final Consumer<List<String>> sink;

    /** @param sink receives answers in request order, several at once when they are ready together */
    OrderedReplies(Consumer<List<String>> sink) {
        this.sink = sink;
    }

    /** A slot for the next request's answer, behind every earlier one. */
    synchronized Slot reserve() {
        Slot slot = new Slot();
        waiting.addLast(slot);
        return slot;
    }

    /** Answers reserved but not yet released (for tests and the connection's close). */
    synchronized int pending() {
        return waiting.size();
    }
}
