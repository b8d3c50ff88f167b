package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.workload.History;
import dev.ios.bench.workload.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lean client against fake servers: it counts answered requests, follows a master hint, counts
 * silence as timeouts, records a bounded history, and stops a fill when every key is written.
 * Windows are short; nothing asserts on timing, only on counts.
 */
@Timeout(60)
class LoadLoopTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void countsAnsweredRequestsAndCallsTheWindowEdgesOnce() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Mode.OK)) {
            AtomicInteger starts = new AtomicInteger();
            AtomicInteger ends = new AtomicInteger();
            LoadLoop loop = new LoadLoop(settings(List.of(server), 0, 4, false), Workload.random(4, 10, 20, 50, 1L), null, 0);
            LoadLoop.Result result = loop.run(50 * MS, 300 * MS, starts::incrementAndGet, ends::incrementAndGet);
            assertTrue(result.ops() > 0, "ops " + result.ops());
            assertEquals(result.ops(), result.latency().getTotalCount());
            assertEquals(0, result.errors(), result.firstError());
            assertEquals(1, starts.get());
            assertEquals(1, ends.get());
        }
    }

    @Test
    void followsTheMasterHintAndCountsTheRedirectAsAnError() throws Exception {
        try (FakeLineServer notMaster = new FakeLineServer(FakeLineServer.Mode.NOT_MASTER);
             FakeLineServer master = new FakeLineServer(FakeLineServer.Mode.OK)) {
            LoadLoop loop = new LoadLoop(settings(List.of(notMaster, master), 0, 2, false), Workload.random(2, 10, 20, 0, 2L),
                    null, 0);
            LoadLoop.Result result = loop.run(0, 300 * MS, () -> { }, () -> { });
            assertEquals(2, notMaster.received.get(), "each client asked the wrong server once");
            assertEquals(2, result.errors());
            assertEquals(0, result.latencyByServer().get(0).getTotalCount(), "no success is counted for the redirecting server");
            assertEquals(result.ops(), result.latencyByServer().get(1).getTotalCount(), "every success came from server 1");
            assertTrue(result.firstError().contains("NOT_MASTER"), result.firstError());
            assertTrue(result.ops() > 0);
        }
    }

    @Test
    void silenceIsCountedAsTimeoutsAndRecordedAsSuch() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Mode.SILENT)) {
            History history = new History();
            LoadLoop loop = new LoadLoop(settings(List.of(server), 0, 2, false), Workload.random(2, 10, 20, 0, 3L), history,
                    1000);
            LoadLoop.Result result = loop.run(0, 300 * MS, () -> { }, () -> { });
            assertEquals(0, result.ops());
            assertTrue(result.timeouts() > 0 && result.errors() > 0, result.toString());
            assertTrue(result.firstError().contains("no answer"), result.firstError());
            assertFalse(history.operations().isEmpty());
            assertTrue(history.operations().stream().allMatch(op -> op.outcome() == Outcome.TIMED_OUT));
        }
    }

    @Test
    void historyIsBoundedAndEndsTheWindow() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Mode.OK)) {
            History history = new History();
            LoadLoop loop = new LoadLoop(settings(List.of(server), 0, 3, false), Workload.random(3, 5, 20, 50, 4L), history, 50);
            // An hour-long window: only the bound can end it.
            LoadLoop.Result result = loop.run(0, TimeUnit.HOURS.toNanos(1), () -> { }, () -> { });
            assertTrue(result.historyFull());
            assertEquals(50, history.operations().size());
            assertTrue(history.operations().stream().allMatch(op -> op.outcome() == Outcome.SUCCESS));
            assertTrue(history.operations().stream().allMatch(op -> op.completeNs() >= op.invokeNs()),
                    "every operation ends after it began");
        }
    }

    @Test
    void fillEndsWhenEveryKeyIsWritten() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Mode.OK)) {
            LoadLoop loop = new LoadLoop(new LoadLoop.Settings(List.of(server.address()), 0, 3, 8, 1, false, 5L,
                    TimeUnit.SECONDS.toNanos(5), false, 0), Workload.fill(1000, 10), null, 0);
            LoadLoop.Result result = loop.run(0, TimeUnit.HOURS.toNanos(1), () -> { }, () -> { });
            assertEquals(1000, result.ops());
            assertEquals(1000, server.received.get());
        }
    }

    @Test
    void participantReadsSpreadOverTheServers() throws Exception {
        try (FakeLineServer a = new FakeLineServer(FakeLineServer.Mode.OK);
             FakeLineServer b = new FakeLineServer(FakeLineServer.Mode.OK)) {
            LoadLoop loop = new LoadLoop(settings(List.of(a, b), 0, 2, true), Workload.random(2, 10, 20, 100, 6L), null, 0);
            LoadLoop.Result result = loop.run(0, 300 * MS, () -> { }, () -> { });
            assertTrue(result.ops() > 0);
            assertTrue(a.received.get() > 0 && b.received.get() > 0, a.received + " " + b.received);
        }
    }

    @Test
    void spreadClientsWriteThroughEveryServerAndReadsAndWritesAreTimedApart() throws Exception {
        try (FakeLineServer a = new FakeLineServer(FakeLineServer.Mode.OK);
             FakeLineServer b = new FakeLineServer(FakeLineServer.Mode.OK)) {
            LoadLoop.Settings spread = new LoadLoop.Settings(List.of(a.address(), b.address()), 0, 4, 1, 1000, false, 7L,
                    100 * MS, true, 0);
            LoadLoop loop = new LoadLoop(spread, Workload.random(4, 10, 20, 0, 6L), null, 0);
            LoadLoop.Result result = loop.run(0, 300 * MS, () -> { }, () -> { });
            assertTrue(result.ops() > 0);
            assertTrue(a.received.get() > 0 && b.received.get() > 0, "writes only, yet both served: " + a.received + " " + b.received);
            assertEquals(0, result.readLatency().getTotalCount(), "no reads in this workload");
            assertEquals(result.latency().getTotalCount(), result.writeLatency().getTotalCount());
        }
    }

    @Test
    void clientsSharingConnectionsEachGetTheirOwnAnswers() throws Exception {
        try (FakeLineServer server = new FakeLineServer(FakeLineServer.Mode.OK)) {
            History history = new History();
            // 8 clients on 3 connections: 3, 3 and 2 clients per connection, one request each in flight.
            LoadLoop.Settings shared = new LoadLoop.Settings(List.of(server.address()), 0, 8, 1, 1000, false, 8L, 100 * MS,
                    false, 3);
            LoadLoop loop = new LoadLoop(shared, Workload.random(8, 10, 20, 50, 8L), history, 400);
            LoadLoop.Result result = loop.run(0, TimeUnit.HOURS.toNanos(1), () -> { }, () -> { });
            assertEquals(0, result.errors(), result.firstError());
            assertEquals(3, server.connections.get(), "the clients opened only the shared connections");
            assertEquals(400, history.operations().size());
            assertTrue(history.operations().stream().allMatch(op -> op.outcome() == Outcome.SUCCESS));
            for (int client = 0; client < 8; client++) {
                int c = client;
                assertTrue(history.operations().stream().anyMatch(op -> op.worker() == c), "client " + c + " was served");
            }
        }
    }

    private static LoadLoop.Settings settings(List<FakeLineServer> servers, int master, int clients, boolean participantRead) {
        return new LoadLoop.Settings(servers.stream().map(FakeLineServer::address).toList(), master, clients, 1, 1000,
                participantRead, 7L, 100 * MS, false, 0);
    }
}
