package dev.ios.bench.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.lineport.RequestLine;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.Test;

/**
 * Requests reach Ratis from the submitting threads, never from the caller (the client port's one I/O
 * thread), because Ratis's {@code submitClientRequestAsync} blocks until the append.
 */
class RatisKvServiceTest {

    private static final List<RaftPeerId> PEERS =
            List.of(RatisServerMain.peerId(0), RatisServerMain.peerId(1), RatisServerMain.peerId(2));

    @Test
    void theLeaderHandsEveryRequestToTheSubmitterAndNotToRatisOnTheCallingThread() throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        RaftServer server = (RaftServer) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RaftServer.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> PEERS.get(0);
                    case "submitClientRequestAsync" -> {
                        submitted.incrementAndGet();
                        yield new CompletableFuture<>(); // never answered: the test reads no reply
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        DivisionInfo leader = (DivisionInfo) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DivisionInfo.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isLeader")) {
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        List<Runnable> queued = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        RatisKvService service = new RatisKvService(server, RatisServerMain.GROUP, leader, PEERS, queued::add);

        service.submit(new RequestLine.Request(1, 1, false, "update k v"), answers::add);
        service.submit(new RequestLine.Request(1, 2, true, "get k"), answers::add);
        assertEquals(0, submitted.get(), "Ratis was called on the caller's thread");
        assertEquals(2, queued.size());

        queued.forEach(Runnable::run);
        assertEquals(2, submitted.get());
        assertTrue(answers.isEmpty(), "answered before Ratis replied: " + answers);
    }
}
