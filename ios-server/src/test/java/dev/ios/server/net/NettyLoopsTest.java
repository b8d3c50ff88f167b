package dev.ios.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ios.config.ServerAddress;
import dev.ios.server.metrics.Metrics;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every transport a server can be asked to use serves the client port (a native one may fall back to NIO). */
class NettyLoopsTest {

    @ParameterizedTest
    @ValueSource(strings = {"auto", "epoll", "io_uring", "nio"})
    void everyTransportServesClients(String transport) throws Exception {
        try (NettyLoops loops = NettyLoops.create("loops-test", 1, transport)) {
            var options = new ClientPortOptions(new InetSocketAddress("127.0.0.1", 0), 1024, 16);
            try (ClientPortServer server = new ClientPortServer(0, List.of(new ServerAddress("127.0.0.1", 1, 2)),
                    new KvGateway(), options, loops, new Metrics());
                    LineClient client = new LineClient(server.port())) {
                assertEquals("OK", client.ask("update A 1"), transport);
                assertEquals("1", client.ask("get A"), transport);
            }
        }
    }

    @Test
    void anUnknownTransportIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> NettyLoops.create("loops-test", 1, "kqueue"));
        assertEquals("ios.transport must be auto, io_uring, epoll or nio, was kqueue", e.getMessage());
    }
}
