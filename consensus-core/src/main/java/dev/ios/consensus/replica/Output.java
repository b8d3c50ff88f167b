package dev.ios.consensus.replica;

import dev.ios.consensus.message.Accepted;
import dev.ios.consensus.message.Envelope;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@link Replica#step} asks of the runtime, to be carried out in this order:
 *
 * <ol>
 *   <li>{@link #persist()}: write these ops to storage in order (group commit may merge them with
 *       other steps' ops into one sync);
 *   <li>{@link #send()}: send these messages now;
 *   <li>{@link #sendAfterPersist()}: send these only once every op up to {@link #persistSeq()} is
 *       durable (promises and acknowledgements that claim durable state);
 *   <li>{@link #apply()}: apply these chosen entries to the state machine, in this order, after
 *       every entry applied before (the origin server then answers its clients);
 *   <li>{@link #outcomes()}, {@link #readsReady()}, {@link #snapshotsToSend()}, {@link #events()}.
 * </ol>
 *
 * <p>Lists are immutable; an output with nothing to do is common and cheap.
 */
public record Output(
        List<PersistOp> persist,
        long persistSeq,
        List<Envelope> send,
        List<Envelope> sendAfterPersist,
        List<Accepted> apply,
        List<ClientOutcome> outcomes,
        List<ReadReady> readsReady,
        List<Integer> snapshotsToSend,
        List<Event> events) {

    /**
     * A participant read may now be served from the local state machine: every entry it must see
     * has been applied (the runtime runs it against the current state and answers the client).
     */
    public record ReadReady(dev.ios.consensus.entry.Request request) {}

    /** True if the runtime has nothing to do. */
    public boolean isEmpty() {
        return persist.isEmpty() && send.isEmpty() && sendAfterPersist.isEmpty() && apply.isEmpty()
                && outcomes.isEmpty() && readsReady.isEmpty() && snapshotsToSend.isEmpty() && events.isEmpty();
    }

    /** Collects one step's output. Not thread-safe; one per step. */
    static final class Builder {
        private List<PersistOp> persist = List.of();
        private List<Envelope> send = List.of();
        private List<Envelope> sendAfterPersist = List.of();
        private List<Accepted> apply = List.of();
        private List<ClientOutcome> outcomes = List.of();
        private List<ReadReady> readsReady = List.of();
        private List<Integer> snapshotsToSend = List.of();
        private List<Event> events = List.of();

        void persist(PersistOp op) {
            persist = grow(persist);
            persist.add(op);
        }

        void send(Envelope envelope) {
            send = grow(send);
            send.add(envelope);
        }

        void sendAfterPersist(Envelope envelope) {
            sendAfterPersist = grow(sendAfterPersist);
            sendAfterPersist.add(envelope);
        }

        void apply(Accepted accepted) {
            apply = grow(apply);
            apply.add(accepted);
        }

        void outcome(ClientOutcome outcome) {
            outcomes = grow(outcomes);
            outcomes.add(outcome);
        }

        void readReady(ReadReady ready) {
            readsReady = grow(readsReady);
            readsReady.add(ready);
        }

        void sendSnapshot(int peer) {
            snapshotsToSend = grow(snapshotsToSend);
            snapshotsToSend.add(peer);
        }

        void event(Event event) {
            events = grow(events);
            events.add(event);
        }

        Output build(long persistSeq) {
            return new Output(List.copyOf(persist), persistSeq, List.copyOf(send), List.copyOf(sendAfterPersist),
                    List.copyOf(apply), List.copyOf(outcomes), List.copyOf(readsReady), List.copyOf(snapshotsToSend),
                    List.copyOf(events));
        }

        // Most steps produce few kinds of output, so lists are allocated only when first used.
        private static <T> List<T> grow(List<T> list) {
            return list.isEmpty() && !(list instanceof ArrayList) ? new ArrayList<>(4) : list;
        }
    }
}
