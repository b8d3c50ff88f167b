package dev.ios.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.kvstore.KvStateMachine;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import dev.ios.server.api.ServerStatus;
import dev.ios.storage.DataDirectory;
import dev.ios.storage.StorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real runtimes (threads, real storage in temporary directories, the key-value state
 * machine) over an in-memory network: they elect a master, serve writes and forwarded reads, and
 * a restarted server recovers from its files, including from a snapshot.
 */
class ReplicaRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ReplicaRuntime[] runtimes = new ReplicaRuntime[3];
    private final DataDirectory[] disks = new DataDirectory[3];
    private final List<String> halts = new CopyOnWriteArrayList<>();
    private long requestId;

    private final ReplicaConfig config = ReplicaConfig.simple(QuorumSystems.parse("strict majority", 3))
            .withAlgorithm(0, false, true, false, false, true, false)
            .withTimers(2, 10, 8, 4, 0);
    private final AtomicLong snapshotsInstalled = new AtomicLong();
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicLongArray snapshotsTakenBy =
            new java.util.concurrent.atomic.AtomicLongArray(3);
    private final RuntimeOptions options = RuntimeOptions.defaults().withSnapshotInterval(5);

    private void start(int id) {
        start(id, new KvStateMachine());
    }

    private void start(int id, StateMachine machine) {
        start(id, machine, options, log -> log);
    }

    private void start(int id, StateMachine machine, RuntimeOptions options, UnaryOperator<LogStore> wrapLog) {
        disks[id] = DataDirectory.open(dir.resolve("server-" + id), StorageOptions.defaults());
        runtimes[id] = new ReplicaRuntime(id, config, options, machine, disks[id].view(), wrapLog.apply(disks[id].log()),
                disks[id].snapshots(), inbound -> network.join(id, inbound), new RuntimeListener() {
                    @Override
                    public void onSnapshotInstalled(long index) {
                        snapshotsInstalled.incrementAndGet();
                    }

                    @Override
                    public void onSnapshotTaken(long index) {
                        snapshotsTaken.incrementAndGet();
                        snapshotsTakenBy.incrementAndGet(id);
                    }
                }, halts::add);
        runtimes[id].start();
    }

    private void stop(int id) {
        runtimes[id].close();
        disks[id].close();
        runtimes[id] = null;
    }

    @AfterEach
    void tearDown() {
        for (int id = 0; id < 3; id++) {
            if (runtimes[id] != null) {
                stop(id);
            }
        }
        assertTrue(halts.isEmpty(), () -> "a server halted: " + halts);
    }

    private ClientReply call(int server, String command) throws Exception {
        CompletableFuture<ClientReply> reply = new CompletableFuture<>();
        runtimes[server].submit(new ClientRequest(77, ++requestId, false, false,
                command.getBytes(StandardCharsets.UTF_8)), reply::complete);
        return reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Calls until success (a master may still be being elected), bounded by {@link #WAIT}. */
    private String callUntilSuccess(int server, String command) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ClientReply reply;
        do {
            reply = call(server, command);
            if (reply.outcome() == ClientReply.Outcome.SUCCESS) {
                return new String(reply.response(), StandardCharsets.UTF_8);
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no success for '" + command + "' at server " + server + ": " + reply.outcome()
                + " " + new String(reply.response(), StandardCharsets.UTF_8));
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; statuses: "
                        + java.util.Arrays.stream(runtimes).map(r -> r == null ? "-" : r.status().toString()).toList());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void writesThroughOneServerAreReadThroughTheOthers() throws Exception {
        for (int id = 0; id < 3; id++) {
            start(id);
        }

        assertEquals("OK", callUntilSuccess(0, "update A 1"));

        assertEquals("1", callUntilSuccess(1, "get A"));
        assertEquals("1", callUntilSuccess(2, "get A"));
    }

    @Test
    void aRestartedServerRecoversFromItsFilesAndCatchesUp() throws Exception {
        for (int id = 0; id < 3; id++) {
            start(id);
        }
        assertEquals("OK", callUntilSuccess(1, "update A 1"));
        await(() -> runtimes[0].status().indexApplied() >= 1, "server 0 to apply the first write");
        stop(0);

        // Enough writes that the others snapshot (every 5 entries) and discard their log prefix.
        for (int i = 0; i < 12; i++) {
            assertEquals("OK", callUntilSuccess(1, "update K" + i + " " + i));
        }
        // Snapshots are written off the loop: wait until both have one (and so discarded below it)
        // rather than race the writes against the snapshot thread.
        await(() -> snapshotsTakenBy.get(1) >= 1 && snapshotsTakenBy.get(2) >= 1,
                "servers 1 and 2 to take a snapshot and discard the log below it");
        start(0);

        // Awaited, not asserted after the catch-up: a status is refreshed once a tick, so a target
        // read from server 1's could be stale and already met by server 0's recovered log.
        await(() -> snapshotsInstalled.get() >= 1, "server 0 to install a snapshot: the others discarded the prefix");
        await(() -> runtimes[0].status().indexApplied() >= runtimes[1].status().indexApplied(),
                "server 0 to catch up with server 1");
        assertEquals("11", callUntilSuccess(0, "get K11"));
        assertEquals("1", callUntilSuccess(0, "get A"));
    }

    /**
     * Ios's {@code length} bounds the log: with periodic snapshots off, a log holding that many
     * applied entries is snapshotted and trimmed all the same (Ios's fixed-size log would stop).
     */
    @Test
    void aFullLogIsSnapshottedAndTrimmedEvenWithPeriodicSnapshotsOff() throws Exception {
        int length = 8;
        RuntimeOptions bounded = options.withSnapshotInterval(0).withLogLength(length);
        for (int id = 0; id < 3; id++) {
            start(id, new KvStateMachine(), bounded, log -> log);
        }
        for (int i = 0; i < 30; i++) {
            assertEquals("OK", callUntilSuccess(0, "update K" + i + " " + i));
        }
        // The config keeps no entries below a snapshot, so each log ends near one length.
        for (int id = 0; id < 3; id++) {
            int server = id;
            await(() -> snapshotsTakenBy.get(server) >= 1 && runtimes[server].status().logRecords() <= 2L * length,
                    "server " + server + " to snapshot and trim its log to at most " + 2 * length + " records");
        }
        assertEquals("29", callUntilSuccess(2, "get K29"));
    }

    /** The key-value machine, but each snapshot's writing waits until the test opens the gate. */
    private static final class GatedSnapshots implements StateMachine {
        final KvStateMachine kv = new KvStateMachine();
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger writing = new AtomicInteger();
        volatile boolean failWrites;

        @Override
        public byte[] apply(long index, long clientId, long requestId, byte[] command) {
            return kv.apply(index, clientId, requestId, command);
        }

        @Override
        public byte[] read(byte[] command) {
            return kv.read(command);
        }

        @Override
        public void snapshot(OutputStream out) throws IOException {
            kv.snapshot(out);
        }

        @Override
        public void restore(InputStream in) throws IOException {
            kv.restore(in);
        }

        @Override
        public Image capture() {
            Image image = kv.capture();
            return out -> {
                writing.incrementAndGet();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (failWrites) {
                    throw new IOException("no space left on device (test)");
                }
                image.writeTo(out);
            };
        }
    }

    @Test
    void writingASnapshotHoldsUpNeitherClientsNorPeersAndTheLogIsTrimmedOnlyOnceItIsDurable() throws Exception {
        GatedSnapshots[] machines = new GatedSnapshots[3];
        for (int id = 0; id < 3; id++) {
            machines[id] = new GatedSnapshots();
            start(id, machines[id]);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals("OK", callUntilSuccess(1, "update K" + i + " " + i));
        }
        await(() -> machines[0].writing.get() == 1 && machines[1].writing.get() == 1 && machines[2].writing.get() == 1,
                "every server to start writing a snapshot");

        // Every snapshot thread is stuck; writing on the loop would stop every server here.
        for (int i = 6; i < 30; i++) {
            assertEquals("OK", callUntilSuccess(1, "update K" + i + " " + i));
        }
        assertEquals("29", callUntilSuccess(2, "get K29"));
        assertEquals(0, snapshotsTaken.get(), "no snapshot can be durable yet");
        ServerStatus master = runtimes[1].status();
        assertTrue(master.logRecords() >= master.indexCommitted(), () -> "nothing is trimmed yet: " + master);

        for (GatedSnapshots m : machines) {
            m.gate.countDown();
        }
        await(() -> snapshotsTaken.get() >= 3, "the three snapshots to be durable");
        // Each covers at least the first five entries (with no writes in flight, the log ends at the
        // commit index), so the records before index 6 go.
        await(() -> runtimes[1].status().logRecords() <= runtimes[1].status().indexCommitted() - 5,
                "the master to trim the log its snapshot covers");
        assertEquals("29", callUntilSuccess(0, "get K29"));
    }

    @Test
    void aSnapshotThatCannotBeWrittenHaltsTheServerInsteadOfTrimmingTheLog() throws Exception {
        GatedSnapshots broken = new GatedSnapshots();
        broken.failWrites = true;
        broken.gate.countDown();
        start(0, broken);
        start(1);
        start(2);
        for (int i = 0; i < 6; i++) {
            assertEquals("OK", callUntilSuccess(1, "update K" + i + " " + i));
        }
        await(() -> !halts.isEmpty(), "server 0 to halt");
        assertEquals(1, halts.size(), () -> "only server 0 halts: " + halts);
        assertTrue(halts.get(0).contains("snapshot") && halts.get(0).contains("no space left"), halts.get(0));
        halts.clear();
    }

    /** A log whose syncs fail once {@code failing} is set, as a disk that has gone bad. */
    private record FailingSyncLog(LogStore inner, java.util.concurrent.atomic.AtomicBoolean failing) implements LogStore {
        @Override
        public void append(LogRecord record) {
            inner.append(record);
        }

        @Override
        public void truncateFrom(long fromIndex) {
            inner.truncateFrom(fromIndex);
        }

        @Override
        public void discardBefore(long beforeIndex) {
            inner.discardBefore(beforeIndex);
        }

        @Override
        public void sync() {
            if (failing.get()) {
                throw new StorageException("fsync failed: injected");
            }
            inner.sync();
        }

        @Override
        public long discardedBefore() {
            return inner.discardedBefore();
        }

        @Override
        public long lastIndex() {
            return inner.lastIndex();
        }

        @Override
        public LogRecord get(long index) {
            return inner.get(index);
        }

        @Override
        public List<LogRecord> records() {
            return inner.records();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /**
     * A failed sync halts the server, and the write it held is never answered SUCCESS: whether the
     * lone write is synced on the replica loop (light load) or on the storage thread.
     */
    @ParameterizedTest(name = "syncOnLoop={0}")
    @ValueSource(booleans = {true, false})
    void aFailedSyncHaltsTheServerAndTheWriteIsNotAcknowledged(boolean syncOnLoop) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        for (int id = 0; id < 3; id++) {
            start(id, new KvStateMachine(), options.withSyncOnLoop(syncOnLoop), log -> new FailingSyncLog(log, failing));
        }
        assertEquals("OK", callUntilSuccess(0, "update A 1"));

        failing.set(true);
        ClientReply reply = call(0, "update A 2");

        assertTrue(reply.outcome() != ClientReply.Outcome.SUCCESS, () -> "acknowledged without a sync: " + reply);
        await(() -> !halts.isEmpty(), "a server to halt");
        assertTrue(halts.stream().allMatch(h -> h.contains("fsync failed: injected")), halts::toString);
        for (int id = 0; id < 3; id++) {
            stop(id); // the others may halt too, as they sync; then nothing more happens
        }
        halts.clear();
    }
}
