package dev.ios.server.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.server.IosNode;
import dev.ios.server.IosRequestException;
import dev.ios.server.runtime.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example: three nodes replicate a {@link Counter}; any node takes requests. */
class CounterEmbeddingTest {

    @TempDir
    Path dir;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final IosNode[] nodes = new IosNode[3];

    @AfterEach
    void stop() {
        for (IosNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private IosNode startNode(int id) {
        return IosNode.builder()
                .serverId(id)
                .serverCount(3)
                .quorumSystem("strict majority")
                .dataDirectory(dir.resolve("node-" + id))
                .stateMachine(new Counter())
                .transport(inbound -> network.join(id, inbound))
                .start();
    }

    /** Submits until the cluster has a master (bounded), then returns the response. */
    private static String submit(IosNode node, String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                byte[] response = node.submit(command.getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
                return new String(response, StandardCharsets.UTF_8);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof IosRequestException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Test
    void threeNodesReplicateACounter() throws Exception {
        for (int id = 0; id < 3; id++) {
            nodes[id] = startNode(id);
        }

        assertEquals("5", submit(nodes[0], "add 5"));
        assertEquals("7", submit(nodes[1], "add 2"));
        assertEquals("10", submit(nodes[2], "add 3"));

        assertEquals("10", new String(nodes[1].read("get".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS),
                StandardCharsets.UTF_8));
    }

    @Test
    void aNodeRestartedFromItsDirectoryKeepsTheTotal() throws Exception {
        for (int id = 0; id < 3; id++) {
            nodes[id] = startNode(id);
        }
        assertEquals("4", submit(nodes[2], "add 4"));

        for (int id = 0; id < 3; id++) {
            nodes[id].close();
            nodes[id] = null;
        }
        for (int id = 0; id < 3; id++) {
            nodes[id] = startNode(id);
        }

        assertEquals("5", submit(nodes[0], "add 1"));
    }
}
