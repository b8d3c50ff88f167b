package dev.ios.server.runtime;

import dev.ios.consensus.Check;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Accepted;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.message.Message;
import dev.ios.consensus.replica.ClientOutcome;
import dev.ios.consensus.replica.Event;
import dev.ios.consensus.replica.Input;
import dev.ios.consensus.replica.Output;
import dev.ios.consensus.replica.Replica;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.RecoveredState;
import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.consensus.storage.ViewStore;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import dev.ios.server.api.ServerStatus;
import dev.ios.server.net.PeerInbound;
import dev.ios.server.net.PeerTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Replica} for real: the replica loop steps the core and carries out its outputs,
 * a {@link StorageWorker} makes persist ops durable in groups, and the state machine applies
 * chosen entries in order (on the replica loop). Implements {@link ClientGateway} for the front
 * ends.
 *
 * <p>Threads: the replica loop is one single-threaded executor. A server hands in the Netty event
 * loop its peer and client channels run on, so a message or a request read from a socket is stepped
 * right there, and what the step sends is written right there: no thread hand-off between the
 * network and the protocol (each hand-off costs a wake-up of tens of microseconds on a busy
 * machine, the largest part of a write's latency after the fsync). Without one (embedding, tests)
 * the runtime starts its own executor thread. Callers on other threads queue their input on the
 * loop, bounded by {@link RuntimeOptions#inboxCapacity()}: beyond it peer messages are dropped and
 * clients refused (back-pressure, never a crash). The storage thread publishes the highest durable
 * sequence number through a volatile and one queued wake-up. Acknowledgements and promises ({@code
 * sendAfterPersist}) leave only once that number covers them. The loop waits for the disk on a
 * follower that only accepts (it has nothing to overlap with its own sync), on any server when
 * nothing else is in flight (a lone write is then synced on the loop, saving two wake-ups: see
 * {@link PersistPath}), and to send or install a snapshot (rare): taking one is a capture of
 * the state on the loop and the writing on a {@link SnapshotWriter} thread. An invariant violation or a storage
 * failure halts this server: it stops stepping, answers every waiting client {@code
 * INDETERMINATE}, and calls the halt handler.
 */
public final class ReplicaRuntime implements ClientGateway, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRuntime.class);

    private final int id;
    private final RuntimeOptions options;
    private final StateMachine stateMachine;
    private final LogStore log;
    private final SnapshotStore snapshots;
    private final EventExecutor loop;
    private final boolean ownLoop;
    // Inputs queued on the loop from other threads and not yet handled: the inbox's fill level.
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean releaseQueued = new AtomicBoolean();
    // Inputs that arrived on the loop while it was stepping (a reply handler that submits again):
    // handled right after the current step, in order, never re-entering the core.
    private final ArrayDeque<Object> deferred = new ArrayDeque<>();
    private boolean stepping;
    private ScheduledFuture<?> ticker;
    // Client requests and peer messages read in this pass of the loop, stepped together once the
    // pass's I/O is done (a task queued from the loop runs after it), so the master batches the
    // requests it is given or forwarded into shared entries. Any other input steps them first.
    private final List<Input> together = new ArrayList<>();
    private boolean togetherQueued;
    private final ArrayDeque<Input> local = new ArrayDeque<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final PendingClients pending;
    private final StorageWorker storage;
    private final PersistPath persistPath;
    // No delegation: a follower never coordinates, it only accepts (see loopMayWaitForDisk).
    private final boolean acceptsOnly;
    // Loop only: a sync on the loop is queued as a task.
    private boolean loopSyncQueued;
    private final PeerTransport transport;
    private final Consumer<String> haltHandler;
    private final RuntimeListener listener;
    private final AtomicLong durableSeq = new AtomicLong();
    private final SnapshotReceiver snapshotReceiver;
    private final SnapshotWriter snapshotWriter;
    // Loop only: a snapshot of ours is being written (one at a time).
    private boolean snapshotWriting;
    private volatile ServerStatus status;
    private volatile boolean running = true;
    private Replica replica;
    private long appliedSinceSnapshot;
    private long lastEntryApplied;
    private long lastEntryView;

    private record Held(long seq, List<Envelope> envelopes) {}

    private record Submit(ClientRequest request, Consumer<ClientReply> onReply) {}

    /** The snapshot writer finished {@code meta}: {@code failure} is null if it is durable. */
    private record SnapshotWritten(SnapshotStore.Meta meta, Exception failure) {}

    private static final Object TICK = new Object();
    private static final Object RELEASE = new Object();
    private static final Object STEP_TOGETHER = new Object();
    private static final Object SYNC_ON_LOOP = new Object();

    /**
     * A runtime on its own replica thread; see the main constructor.
     *
     * @throws StorageException if storage is corrupt or unreadable (refuse to start)
     */
    public ReplicaRuntime(int id, ReplicaConfig config, RuntimeOptions options, StateMachine stateMachine,
            ViewStore views, LogStore log, SnapshotStore snapshots,
            Function<PeerInbound, PeerTransport> transportFactory, RuntimeListener listener,
            Consumer<String> haltHandler) {
        this(id, config, options, stateMachine, views, log, snapshots, transportFactory, listener, haltHandler, null);
    }

    /**
     * Recovers from {@code views}, {@code log} and {@code snapshots} (restoring the state machine
     * from the newest snapshot) and prepares the threads; {@link #start} runs them.
     *
     * @param transportFactory builds the peer transport, given where inbound messages go
     * @param haltHandler told why, once, when this server halts (the server main exits; an
     *     embedder may restart the node)
     * @param loop the single-threaded executor to step the replica on (best: the event loop the
     *     transport and client channels use), or null for a thread of the runtime's own; a given
     *     loop is not shut down by {@link #close}
     * @throws StorageException if storage is corrupt or unreadable (refuse to start)
     */
    public ReplicaRuntime(int id, ReplicaConfig config, RuntimeOptions options, StateMachine stateMachine,
            ViewStore views, LogStore log, SnapshotStore snapshots,
            Function<PeerInbound, PeerTransport> transportFactory, RuntimeListener listener,
            Consumer<String> haltHandler, EventExecutor loop) {
        this.id = id;
        this.options = options;
        this.stateMachine = stateMachine;
        this.log = log;
        this.snapshots = snapshots;
        this.listener = listener;
        this.haltHandler = haltHandler;
        this.pending = new PendingClients(TimeUnit.MILLISECONDS.toNanos(options.requestTimeoutMs()));
        this.replica = new Replica(id, config, new SplittableRandom(new SecureRandom().nextLong()),
                recover(views.load()));
        this.snapshotReceiver = new SnapshotReceiver(snapshots, stateMachine);
        this.snapshotWriter = new SnapshotWriter(id, snapshots);
        this.storage = new StorageWorker("ios-storage-" + id, log, views, this::onDurable, listener::onSyncLatency,
                e -> halt("storage failed: " + e.getMessage()));
        this.persistPath = new PersistPath(storage, options.syncOnLoop(), this::loopMayWaitForDisk, durableSeq);
        this.acceptsOnly = config.delegateReplication() == 0;
        this.ownLoop = loop == null;
        // Not a daemon: like the replica thread it replaces, it keeps a server process alive.
        this.loop = ownLoop ? new DefaultEventExecutor(new DefaultThreadFactory("ios-replica-" + id, false)) : loop;
        this.transport = transportFactory.apply(this::onPeerMessage);
        this.status = snapshotStatus();
    }

    private RecoveredState recover(long view) {
        Optional<SnapshotStore.Meta> meta = snapshots.latest();
        long snapshotIndex = 0;
        long snapshotView = 0;
        if (meta.isPresent()) {
            try (InputStream in = snapshots.open(meta.get())) {
                stateMachine.restore(in);
            } catch (IOException e) {
                throw new StorageException("cannot restore snapshot " + meta.get() + ": " + e.getMessage(), e);
            }
            snapshotIndex = meta.get().index();
            snapshotView = meta.get().view();
        }
        lastEntryApplied = snapshotIndex;
        lastEntryView = snapshotView;
        List<LogRecord> records = new ArrayList<>();
        for (LogRecord r : log.records()) {
            if (r.index() > snapshotIndex) {
                records.add(r);
            }
        }
        LOG.info("server={} view={} event=recovered snapshotIndex={} logRecords={}", id, view, snapshotIndex,
                records.size());
        return new RecoveredState(view, snapshotIndex, snapshotView, records);
    }

    /** Starts the storage thread and the replica loop's tick. */
    public void start() {
        storage.start();
        long tickNs = TimeUnit.MILLISECONDS.toNanos(options.tickMs());
        // Fixed delay, not fixed rate: after a stall (a long GC, a snapshot installed on the loop) a
        // fixed rate would fire the missed ticks back to back, and a follower would count an
        // election timeout before it had read the master's heartbeats waiting in its socket.
        ticker = loop.scheduleWithFixedDelay(() -> process(TICK), tickNs, tickNs, TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ inbound (any thread)

    private void onPeerMessage(int from, Message message) {
        offer(new Input.Received(from, message));
    }

    @Override
    public void submit(ClientRequest request, Consumer<ClientReply> onReply) {
        if (!running) {
            onReply.accept(reply(ClientReply.Outcome.REJECTED, "server is stopping", -1));
            return;
        }
        offer(new Submit(request, onReply));
    }

    /** Steps {@code item} now if on the loop, else queues it there (refusing it when the inbox is full). */
    private void offer(Object item) {
        if (loop.inEventLoop()) {
            process(item);
            return;
        }
        if (queued.incrementAndGet() > options.inboxCapacity()) {
            queued.decrementAndGet();
            refuse(item, "overloaded: try again later");
            return;
        }
        try {
            loop.execute(() -> {
                queued.decrementAndGet();
                process(item);
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            refuse(item, "server is stopping");
        }
    }

    private void refuse(Object item, String why) {
        if (item instanceof Submit s) {
            listener.onClientRejected();
            s.onReply().accept(reply(ClientReply.Outcome.REJECTED, why, -1));
        } else if (item instanceof Input.Received) {
            listener.onPeerMessageDropped();
        }
    }

    private void onDurable(long seq) {
        durableSeq.accumulateAndGet(seq, Math::max);
        // One queued release at a time: a burst of syncs costs one wake-up of the loop.
        if (releaseQueued.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    releaseQueued.set(false);
                    process(RELEASE);
                });
            } catch (RejectedExecutionException e) {
                // Stopping: nothing more is sent.
            }
        }
    }

    /** The latest status, refreshed by the replica loop every tick. Any thread. */
    public ServerStatus status() {
        return status;
    }

    // ------------------------------------------------------------------ the replica loop

    /** Handles one input on the loop thread; inputs that arrive meanwhile wait in {@link #deferred}. */
    private void process(Object item) {
        if (stepping) {
            deferred.add(item);
            return;
        }
        if (!running) {
            refuse(item, "server is stopping");
            return;
        }
        stepping = true;
        try {
            handle(item);
            Object next;
            while (running && (next = deferred.poll()) != null) {
                handle(next);
            }
            releaseDurable();
            dispatchPersist();
        } catch (Check.InvariantViolation | StorageException | UncheckedIOException e) {
            LOG.error("server={} event=halt reason=\"{}\"", id, e.getMessage(), e);
            halt(e.getMessage());
        } finally {
            stepping = false;
        }
    }

    private void handle(Object item) {
        if (item == RELEASE) {
            return; // process() releases after every input
        }
        if (item == SYNC_ON_LOOP) {
            loopSyncQueued = false;
            persistPath.syncOnLoop(); // process() then releases what it made durable
            return;
        }
        if (item instanceof Submit s) {
            onSubmit(s);
            return;
        }
        if (item instanceof Input.Received r && !(r.message() instanceof Message.SnapshotChunk)) {
            addTogether(r);
            return;
        }
        stepTogether(); // what arrived earlier goes first
        if (item == STEP_TOGETHER) {
            togetherQueued = false;
        } else if (item == TICK) {
            step(new Input.Tick());
            pending.expire(System.nanoTime());
            status = snapshotStatus();
        } else if (item instanceof Input.Received r && r.message() instanceof Message.SnapshotChunk chunk) {
            onSnapshotChunk(chunk);
        } else if (item instanceof SnapshotWritten w) {
            onSnapshotWritten(w);
        } else {
            step((Input) item);
        }
    }

    private void addTogether(Input input) {
        together.add(input);
        if (!togetherQueued) {
            togetherQueued = true;
            try {
                loop.execute(() -> process(STEP_TOGETHER));
            } catch (RejectedExecutionException e) {
                // Stopping: close() answers the waiting clients.
            }
        }
    }

    private void stepTogether() {
        if (!together.isEmpty()) {
            Input.Together all = new Input.Together(together);
            together.clear();
            step(all);
        }
    }

    private void onSubmit(Submit s) {
        ClientRequest r = s.request();
        pending.add(r.clientId(), r.requestId(), s.onReply(), System.nanoTime());
        addTogether(new Input.Proposed(new Request(r.clientId(), r.requestId(), id, r.readOnly(), r.command()),
                r.forceViewChange()));
    }

    private void step(Input input) {
        carryOut(replica.step(input));
        // Messages to ourselves are inputs too; they never leave the process.
        Input next;
        while ((next = local.poll()) != null) {
            carryOut(replica.step(next));
        }
    }

    private void carryOut(Output out) {
        if (!out.persist().isEmpty()) {
            persistPath.add(out.persist());
        }
        for (Envelope e : out.send()) {
            route(e);
        }
        if (!out.sendAfterPersist().isEmpty()) {
            if (out.persistSeq() <= durableSeq.get()) {
                out.sendAfterPersist().forEach(this::route);
            } else {
                held.add(new Held(out.persistSeq(), out.sendAfterPersist()));
            }
        }
        for (Accepted a : out.apply()) {
            apply(a);
        }
        for (ClientOutcome o : out.outcomes()) {
            pending.complete(o.clientId(), o.requestId(), reply(outcomeOf(o.kind()), o.reason(), o.masterHint()));
        }
        for (Output.ReadReady ready : out.readsReady()) {
            Request r = ready.request();
            byte[] response = stateMachine.read(r.command());
            pending.complete(r.clientId(), r.requestId(), new ClientReply(ClientReply.Outcome.SUCCESS, response, -1));
        }
        for (int peer : out.snapshotsToSend()) {
            sendSnapshot(peer);
        }
        for (Event e : out.events()) {
            onEvent(e);
        }
    }

    /**
     * Hands what this input's steps asked to persist to the {@link PersistPath}. A sync on the loop
     * runs as a later task: the messages sent meanwhile are flushed first (the peer channels flush
     * in tasks too), so the peers' fsyncs overlap ours.
     */
    private void dispatchPersist() {
        if (persistPath.dispatch() && !loopSyncQueued) {
            loopSyncQueued = true;
            try {
                loop.execute(() -> process(SYNC_ON_LOOP));
            } catch (RejectedExecutionException e) {
                // Stopping: nothing more is acknowledged.
            }
        }
    }

    /**
     * A sync on the loop delays nothing that matters, so it saves the storage thread's two wake-ups:
     * <ul>
     *   <li>on a follower that only accepts (no delegation): its loop has nothing to overlap with its
     *       own sync. The next Prepare would wait for this sync on the storage thread anyway, and
     *       its acknowledgements wait for durability whichever thread syncs. What waits instead is
     *       what this loop would do meanwhile: apply chosen entries, answer the odd local reader.
     *       A disk that stalls stalls only this follower; the master carries on with the others.
     *       Measured in session 10 (docs/performance.md): 8 clients 8 % faster, less CPU per write.
     *   <li>on any server when nothing but the entry at hand is in flight: at most one index above
     *       the applied one and no requests queued for the next batch.
     * </ul>
     * A master (or a coordinating follower) under load keeps the storage thread: its loop has the
     * clients and the acknowledgements to serve meanwhile, and its own disk stalling must not stop
     * its heartbeats while the followers can still make writes durable.
     */
    private boolean loopMayWaitForDisk() {
        return PersistPath.loopMayWait(acceptsOnly, replica.role(), replica.indicesAboveApplied(),
                replica.queuedRequests());
    }

    private void route(Envelope e) {
        if (e.to() == id) {
            local.add(new Input.Received(id, e.message()));
        } else {
            transport.send(e);
        }
    }

    private void releaseDurable() {
        long durable = durableSeq.get();
        while (!held.isEmpty() && held.peek().seq() <= durable) {
            held.poll().envelopes().forEach(this::route);
        }
        // Releasing may have queued messages to ourselves.
        Input next;
        while ((next = local.poll()) != null) {
            carryOut(replica.step(next));
        }
    }

    private void apply(Accepted a) {
        for (Request r : a.entry().requests()) {
            byte[] response = stateMachine.apply(a.index(), r.clientId(), r.requestId(), r.command());
            if (r.origin() == id) {
                pending.complete(r.clientId(), r.requestId(), new ClientReply(ClientReply.Outcome.SUCCESS, response, -1));
            }
        }
        lastEntryApplied = a.index();
        lastEntryView = a.view();
        listener.onApplied(a.index(), a.entry().requests().size());
        // While one is being written the count goes on, so the next starts as soon as it is done.
        boolean due = options.snapshotInterval() > 0 && ++appliedSinceSnapshot >= options.snapshotInterval();
        if ((due || logFull()) && !snapshotWriting) {
            appliedSinceSnapshot = 0;
            takeSnapshot();
        }
    }

    /**
     * The log holds {@link RuntimeOptions#logLength()} applied entries: a snapshot would let it
     * discard them. Counting applied entries only (from the discard point up to the applied index,
     * two fields: this runs for every applied entry), so a log full of entries still in flight
     * (which no snapshot covers) does not start one snapshot after another.
     */
    private boolean logFull() {
        return options.logLength() > 0
                && replica.indexApplied() - replica.discardedBefore() + 1 >= options.logLength();
    }

    /** Captures the state (on the loop, cheap) and has the snapshot thread write it. */
    private void takeSnapshot() {
        SnapshotStore.Meta meta = new SnapshotStore.Meta(lastEntryApplied, lastEntryView);
        StateMachine.Image image;
        try {
            image = stateMachine.capture();
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot at index " + meta.index() + " failed", e);
        }
        snapshotWriting = snapshotWriter.write(meta, image, failure -> {
            try {
                loop.execute(() -> process(new SnapshotWritten(meta, failure)));
            } catch (RejectedExecutionException e) {
                // Stopping: the log still covers what the snapshot would have.
            }
        });
    }

    /**
     * Only now, with the snapshot durable, may the core discard the log it covers. A snapshot
     * installed from a peer meanwhile may already cover more: the core then discards nothing more.
     */
    private void onSnapshotWritten(SnapshotWritten w) {
        snapshotWriting = false;
        if (w.failure() != null) {
            throw new StorageException("snapshot at index " + w.meta().index() + " failed: " + w.failure().getMessage(),
                    w.failure());
        }
        listener.onSnapshotTaken(w.meta().index());
        step(new Input.SnapshotTaken(w.meta().index(), w.meta().view()));
    }

    private void sendSnapshot(int peer) {
        Optional<SnapshotStore.Meta> meta = snapshots.latest();
        if (meta.isEmpty()) {
            return;
        }
        SnapshotStore.Meta m = meta.get();
        try (InputStream in = snapshots.open(m)) {
            byte[] buffer = new byte[options.snapshotChunkBytes()];
            long offset = 0;
            while (true) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                boolean last = n < buffer.length;
                byte[] data = n == buffer.length ? buffer.clone() : java.util.Arrays.copyOf(buffer, n);
                transport.send(new Envelope(id, peer,
                        new Message.SnapshotChunk(replica.view(), m.index(), m.view(), offset, data, last)));
                offset += n;
                if (last) {
                    break;
                }
            }
            LOG.info("server={} view={} event=snapshot-sent to={} index={} bytes={}", id, replica.view(), peer,
                    m.index(), offset);
        } catch (IOException e) {
            // The peer asks again; a snapshot we cannot read is a local problem worth a warning.
            LOG.warn("server={} event=snapshot-send-failed to={} error=\"{}\"", id, peer, e.getMessage());
        }
    }

    private void onSnapshotChunk(Message.SnapshotChunk chunk) {
        if (chunk.index() <= replica.indexApplied()) {
            return;
        }
        if (snapshotReceiver.accept(chunk)) {
            lastEntryApplied = chunk.index();
            lastEntryView = chunk.snapshotView();
            appliedSinceSnapshot = 0;
            LOG.info("server={} view={} event=snapshot-installed index={}", id, replica.view(), chunk.index());
            listener.onSnapshotInstalled(chunk.index());
            step(new Input.SnapshotInstalled(chunk.index(), chunk.snapshotView()));
        }
    }

    private void onEvent(Event e) {
        listener.onEvent(e);
        switch (e.kind()) {
            case DROPPED:
                LOG.debug("server={} view={} event=dropped detail=\"{}\"", id, e.view(), e.detail());
                break;
            case CATCH_UP:
                LOG.debug("server={} view={} event=catch-up index={} detail=\"{}\"", id, e.view(), e.index(), e.detail());
                break;
            default:
                LOG.info("server={} view={} event={} index={} detail=\"{}\"", id, e.view(),
                        e.kind().name().toLowerCase(java.util.Locale.ROOT), e.index(), e.detail());
        }
    }

    private ServerStatus snapshotStatus() {
        return new ServerStatus(id, replica.view(), replica.masterOf(replica.view()), replica.role().name(),
                replica.indexCommittedKnown(), replica.indexApplied(), log.lastIndex() - log.discardedBefore() + 1, List.of());
    }

    private void halt(String why) {
        running = false;
        stopTicking();
        pending.failAll("server halted: the request may or may not have been applied");
        haltHandler.accept(why);
    }

    private void stopTicking() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    private static ClientReply.Outcome outcomeOf(ClientOutcome.Kind kind) {
        switch (kind) {
            case NOT_MASTER:
                return ClientReply.Outcome.NOT_MASTER;
            case REJECTED:
                return ClientReply.Outcome.REJECTED;
            default:
                return ClientReply.Outcome.INDETERMINATE;
        }
    }

    private static ClientReply reply(ClientReply.Outcome outcome, String text, int hint) {
        return new ClientReply(outcome, text.getBytes(StandardCharsets.UTF_8), hint);
    }

    /** Stops the loop, the storage thread and the transport; waiting clients get {@code INDETERMINATE}. Idempotent. */
    @Override
    public void close() {
        running = false;
        Runnable stop = () -> {
            stopTicking();
            pending.failAll("server stopped: the request may or may not have been applied");
        };
        if (loop.inEventLoop()) {
            stop.run();
        } else {
            try {
                loop.submit(stop).awaitUninterruptibly(5, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // The loop is already gone, and its waiting clients with it.
            }
        }
        transport.close();
        snapshotWriter.close();
        storage.close();
        if (ownLoop) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
