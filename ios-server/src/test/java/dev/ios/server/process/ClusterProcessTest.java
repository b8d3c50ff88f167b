package dev.ios.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.lincheck.KvModel;
import dev.ios.consensus.lincheck.Linearizability;
import dev.ios.consensus.lincheck.Operation;
import dev.ios.consensus.lincheck.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers, real processes, loopback: three {@code ios server} JVMs serve writes and reads,
 * answer Ios JSON lines, survive {@code kill -9} of the master under a running writer without
 * losing an acknowledged write (the writer's history is checked for linearizability), and a
 * killed server restarts from its files and catches up by snapshot. Every wait is bounded.
 */
@Tag("process")
class ClusterProcessTest {

    static final String SERVER_CONF = """
            [algorithm]
            delegateReplication = 0
            quorumSystem = strict majority
            indexExclusivity = false
            participantHandle = false
            participantRead = false
            implicitWindowCommit = false
            explicitCommit = true
            thriftyQuorum = false
            [performance]
            length = 100000
            batchInterval = 0
            maxBatch = 100
            windowSize = 10
            snapshotInterval = 5
            [application]
            name = kv-store
            [unsafe]
            dumpPersistentStorage = false
            persistenceMode = fsync
            [extensions]
            heartbeatIntervalMs = 50
            electionTimeoutMinMs = 500
            electionTimeoutMaxMs = 1000
            """;

    @TempDir
    Path dir;

    private ClusterProcesses cluster;
    private final long clientId = new SplittableRandom().nextLong() & Long.MAX_VALUE;
    private long requestId;
    private int masterGuess;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startAll() throws IOException {
        cluster = new ClusterProcesses(dir, 3, SERVER_CONF);
        for (int id = 0; id < 3; id++) {
            cluster.start(id);
        }
    }

    /**
     * Sends one request (one request id) until it succeeds, following master hints and failing
     * over to the next server; null if {@code deadlineNs} passes first (outcome unknown).
     */
    private JsonLineClient.Reply callUntilSuccess(String command, long deadlineNs) throws InterruptedException {
        long id = ++requestId;
        while (System.nanoTime() < deadlineNs) {
            try {
                JsonLineClient.Reply reply = JsonLineClient.call(cluster.clientPorts[masterGuess], clientId, id, command,
                        command.startsWith("get"), 1500);
                if (reply.success()) {
                    return reply;
                }
                masterGuess = "NOT_MASTER".equals(reply.outcome()) && reply.masterHint() >= 0
                        ? reply.masterHint() : (masterGuess + 1) % 3;
            } catch (IOException e) {
                masterGuess = (masterGuess + 1) % 3;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private static long seconds(long s) {
        return System.nanoTime() + s * 1_000_000_000L;
    }

    @Test
    void writesThroughOneServerAreReadThroughTheOthersAndJsonRetriesApplyOnce() throws Exception {
        startAll();
        JsonLineClient.Reply first = callUntilSuccess("update A 1", seconds(30));
        assertTrue(first != null && first.response().equals("OK"), "update A 1 -> " + first);
        int master = masterGuess;

        // Reads through the two other servers: they answer not-the-master with a hint, which leads
        // to the value written through the first.
        for (int other = 1; other <= 2; other++) {
            masterGuess = (master + other) % 3;
            JsonLineClient.Reply read = callUntilSuccess("get A", seconds(10));
            assertEquals("1", read == null ? null : read.response());
        }

        // An Ios JSON line gets an Ios JSON answer with the same ids; a retried RequestID returns the
        // saved response and is applied once (the counter would show a second application).
        JsonLineClient.Reply once = JsonLineClient.call(cluster.clientPorts[master], 4242, 7, "update C x", false, 5000);
        JsonLineClient.Reply again = JsonLineClient.call(cluster.clientPorts[master], 4242, 7, "update C x", false, 5000);
        assertEquals(4242, once.clientId());
        assertEquals(7, once.requestId());
        assertEquals("OK", once.response());
        assertEquals(once, again);
        JsonLineClient.Reply stale = JsonLineClient.call(cluster.clientPorts[master], 4242, 6, "update C y", false, 5000);
        assertTrue(stale.response().startsWith("stale request"), "older request id: " + stale);
        assertEquals("x", callUntilSuccess("get C", seconds(10)).response());
    }

    @Test
    void killingTheMasterUnderAWriterLosesNoAcknowledgedWrite() throws Exception {
        startAll();
        assertTrue(callUntilSuccess("update warmup 0", seconds(30)) != null, "no master elected");
        List<Operation<String, String>> history = new ArrayList<>();
        List<String> acknowledged = new ArrayList<>();
        long t0 = System.nanoTime();
        long killedAt = 0;
        long failoverNs = -1;
        int killed = -1;
        for (int i = 0; i < 120; i++) {
            String key = "k" + (i % 7);
            String command = i % 3 == 2 ? "get " + key : "update " + key + " v" + i;
            long call = System.nanoTime() - t0;
            JsonLineClient.Reply reply = callUntilSuccess(command, seconds(20));
            if (reply == null) {
                history.add(Operation.unknown(0, call, command));
                continue;
            }
            history.add(new Operation<>(0, call, System.nanoTime() - t0, command, reply.response()));
            if (command.startsWith("update")) {
                acknowledged.add(command);
            }
            if (killed >= 0 && failoverNs < 0) {
                failoverNs = System.nanoTime() - killedAt;
            }
            if (i == 40) {
                killed = masterGuess;
                killedAt = System.nanoTime();
                cluster.kill(killed);
            }
        }
        System.out.printf("failover after kill -9 of master %d: first success %.0f ms later%n", killed,
                failoverNs / 1e6);
        assertTrue(failoverNs > 0 && failoverNs < 15_000_000_000L, "a new master served within 15 s: " + failoverNs);

        // Every acknowledged write is there: the last write of each key is what a read returns.
        for (int k = 0; k < 7; k++) {
            String key = "k" + k;
            String last = null;
            for (String w : acknowledged) {
                if (w.startsWith("update " + key + " ")) {
                    last = w.substring(("update " + key + " ").length());
                }
            }
            long call = System.nanoTime() - t0;
            JsonLineClient.Reply read = callUntilSuccess("get " + key, seconds(10));
            assertEquals(last == null ? "key not found" : last, read == null ? null : read.response(), key);
            history.add(new Operation<>(0, call, System.nanoTime() - t0, "get " + key, read.response()));
        }
        Result<String, String> result = Linearizability.check(history, KvModel.INSTANCE);
        assertTrue(result.ok(), result::explain);

        // The killed master restarts from its files, steps down to the new view and catches up:
        // with the server that replaced it gone, it is needed for a quorum.
        cluster.start(killed);
        long deadline = seconds(30);
        while (!cluster.log(killed).contains("event=view_adopted") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(cluster.log(killed).contains("event=recovered"), "the old master recovered from its files");
        cluster.kill(masterGuess);
        JsonLineClient.Reply read = callUntilSuccess("get k6", seconds(30));
        assertTrue(read != null && read.response().equals(lastWrite(acknowledged, "k6")),
                "after the second kill the old master serves every write: " + read);
    }

    private static String lastWrite(List<String> acknowledged, String key) {
        String last = "key not found";
        for (String w : acknowledged) {
            if (w.startsWith("update " + key + " ")) {
                last = w.substring(("update " + key + " ").length());
            }
        }
        return last;
    }

    @Test
    void aKilledServerRestartsFromItsFilesAndCatchesUpBySnapshot() throws Exception {
        startAll();
        assertTrue(callUntilSuccess("update A 1", seconds(30)) != null, "no master elected");
        int victim = (masterGuess + 1) % 3;
        cluster.kill(victim);
        // Far more entries than a snapshot interval (5): the others discard what the victim misses.
        for (int i = 0; i < 30; i++) {
            assertTrue(callUntilSuccess("update K" + i + " " + i, seconds(20)) != null, "write " + i);
        }
        cluster.start(victim);

        long deadline = seconds(30);
        while (!cluster.log(victim).contains("event=snapshot-installed") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(cluster.log(victim).contains("event=recovered"), "restarted from its files");
        assertTrue(cluster.log(victim).contains("event=snapshot-installed"),
                () -> "caught up by snapshot; log:\n" + logTail(victim));

        // The restarted server now holds every write: make it the only way to a quorum.
        cluster.kill((victim + 1) % 3 == masterGuess ? (victim + 2) % 3 : (victim + 1) % 3);
        JsonLineClient.Reply read = callUntilSuccess("get K29", seconds(30));
        assertEquals("29", read == null ? null : read.response());
    }

    private String logTail(int id) {
        try {
            String log = cluster.log(id);
            return log.substring(Math.max(0, log.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
