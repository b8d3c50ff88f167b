package dev.ios.server.api;

import java.util.function.Consumer;

/**
 * Where client-facing front ends (the line protocol port, REST, the embedding API) hand requests
 * to the runtime. Implemented by the runtime.
 *
 * <p>Contract: {@link #submit} never blocks and never throws; {@code onReply} is called exactly
 * once, possibly on another thread, possibly before {@code submit} returns. A full queue answers
 * {@code REJECTED} at once (back-pressure), it never waits.
 */
public interface ClientGateway {

    /** Hands {@code request} to the runtime; {@code onReply} receives its one answer. */
    void submit(ClientRequest request, Consumer<ClientReply> onReply);
}
