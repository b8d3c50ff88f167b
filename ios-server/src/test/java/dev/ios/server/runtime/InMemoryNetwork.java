package dev.ios.server.runtime;

import dev.ios.consensus.message.Envelope;
import dev.ios.server.net.PeerInbound;
import dev.ios.server.net.PeerTransport;
import java.util.concurrent.ConcurrentHashMap;

/** Peer transports within one JVM, for runtime tests without sockets. */
public final class InMemoryNetwork {

    private final ConcurrentHashMap<Integer, PeerInbound> servers = new ConcurrentHashMap<>();

    /** A transport for server {@code id}; messages to absent servers are dropped. */
    public PeerTransport join(int id, PeerInbound inbound) {
        servers.put(id, inbound);
        return new PeerTransport() {
            @Override
            public void send(Envelope e) {
                PeerInbound to = servers.get(e.to());
                if (to != null) {
                    to.onMessage(e.from(), e.message());
                }
            }

            @Override
            public void close() {
                servers.remove(id, inbound);
            }
        };
    }
}
