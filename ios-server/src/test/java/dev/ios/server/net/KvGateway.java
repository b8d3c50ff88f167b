package dev.ios.server.net;

import dev.ios.kvstore.KvStateMachine;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A fake runtime for front-end tests: applies every request straight to a {@link KvStateMachine}
 * (one index per request) and replies at once on the caller's thread; or, when {@link #notMaster}
 * is set, answers NOT_MASTER with that hint. Records every request it saw. Thread-safe.
 */
public final class KvGateway implements ClientGateway {

    private final KvStateMachine machine = new KvStateMachine();
    private final List<ClientRequest> seen = new CopyOnWriteArrayList<>();
    private long index;
    private volatile int notMaster = -2;

    /** From now on answer NOT_MASTER with {@code hint} (-1: unknown). */
    public void notMaster(int hint) {
        notMaster = hint;
    }

    /** Every request submitted so far, in order. */
    public List<ClientRequest> seen() {
        return seen;
    }

    @Override
    public void submit(ClientRequest request, Consumer<ClientReply> onReply) {
        seen.add(request);
        int hint = notMaster;
        if (hint != -2) {
            onReply.accept(new ClientReply(ClientReply.Outcome.NOT_MASTER, new byte[0], hint));
            return;
        }
        byte[] response;
        synchronized (machine) {
            response = machine.apply(++index, request.clientId(), request.requestId(), request.command());
        }
        onReply.accept(new ClientReply(ClientReply.Outcome.SUCCESS, response, -1));
    }
}
