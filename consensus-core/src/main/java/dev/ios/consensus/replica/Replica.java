package dev.ios.consensus.replica;

import dev.ios.consensus.Check;
import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.EntryCodec;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Accepted;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.message.Message;
import dev.ios.consensus.message.Message.Commit;
import dev.ios.consensus.message.Message.Coordinate;
import dev.ios.consensus.message.Message.CopyReply;
import dev.ios.consensus.message.Message.CopyRequest;
import dev.ios.consensus.message.Message.Forward;
import dev.ios.consensus.message.Message.Heartbeat;
import dev.ios.consensus.message.Message.NewView;
import dev.ios.consensus.message.Message.NewViewOk;
import dev.ios.consensus.message.Message.Prepare;
import dev.ios.consensus.message.Message.PrepareOk;
import dev.ios.consensus.message.Message.ReadConfirm;
import dev.ios.consensus.message.Message.ReadConfirmOk;
import dev.ios.consensus.message.Message.ReadQuery;
import dev.ios.consensus.message.Message.ReadQueryReply;
import dev.ios.consensus.message.Message.StaleView;
import dev.ios.consensus.quorum.QuorumSystem;
import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.RecoveredState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One server's protocol state: Ios's decentralised Paxos, made correct (DESIGN.md "The protocol").
 * Inputs in, outputs out: {@link #step} performs no I/O, reads no clock and uses only the
 * randomness passed in, so the same inputs always give the same outputs.
 *
 * <p>Not thread-safe: exactly one thread owns a replica. Invariant violations throw
 * {@link Check.InvariantViolation}; the runtime halts the server on one.
 */
public final class Replica {

    /** What this server is doing in its current view. */
    public enum Role {
        /** Accepts entries from coordinators and follows the master of its view. */
        FOLLOWER,
        /** Started its own view and is collecting {@code NewViewOk} promises (phase 1). */
        CANDIDATE,
        /** Recovered its view: opens indices, batches requests, delegates coordination. */
        MASTER
    }

    private final int id;
    private final int serverCount;
    private final ReplicaConfig config;
    private final QuorumSystem quorum;
    private final RandomGenerator random;
    private final long everyone;

    // --- State the log and view files hold (changes are issued as PersistOps). ---
    // Invariant: view only grows, and SaveView(view) is issued before any message that relies on it.
    private long view;
    // Invariant: every key >= discardedBefore and > indexApplied - (entries kept for catch-up).
    private final TreeMap<Long, Slot> log = new TreeMap<>();
    // Invariant: discardedBefore <= indexApplied + 1; indices below it are covered by a snapshot.
    private long discardedBefore = 1;
    // Invariant: every index <= indexApplied is chosen and has been handed out for applying.
    private long indexApplied;
    private long persistSeq;

    // --- Volatile state. ---
    private long nowTick;
    private Role role = Role.FOLLOWER;
    private long lastHeardTick;
    private long electionTimeoutTicks;
    // The highest commit index the master of commitHintView announced.
    private long commitHint;
    private long commitHintView = -1;
    // The highest index a Commit named in commitSeenView: proof that we are behind when our log
    // lacks an entry below it (Commits, unlike the commit index in Prepares and heartbeats, come
    // for every entry; a server outside a thrifty quorum gets them but not the entries).
    private long commitSeen;
    private long commitSeenView = -1;
    private long lastCopyRequestTick = Long.MIN_VALUE / 2;
    // A CopyRequest is out and its reply has not come: ask again only after retransmitTicks.
    private boolean copyAwaited;
    private final TreeMap<Long, Coordination> coordinations = new TreeMap<>();

    // Master only. Invariant (master): indexApplied <= lastOpened.
    private long lastOpened;
    // As master: the highest index recovered at the view change (entries of earlier views that may
    // have been acknowledged), and the highest index learned chosen in this view.
    private long recoveryFence;
    private long chosenMax;
    private final ArrayDeque<Entry> recovered = new ArrayDeque<>();
    private final ArrayDeque<Request> pending = new ArrayDeque<>();
    private long batchStartTick;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private int nextDelegate;
    private final long[] lastSentTick;

    // Candidate only: promises by server id (TreeMap: iteration order reaches outputs).
    private final TreeMap<Integer, NewViewOk> promises = new TreeMap<>();
    private long candidateStartTick;
    private long lastNewViewTick;

    // Participant reads. Invariant: at most one round in flight, and readsHeld (reads waiting + in
    // the round in flight + in confirmed rounds) <= pendingRequestsMax.
    private long nextReadRound;
    // Reads that started after the round in flight was sent: they wait for the next round.
    private ArrayList<Request> readsWaiting = new ArrayList<>();
    private ReadRound readRound;
    // Rounds confirmed in the current view, waiting until their read index is applied.
    private final ArrayDeque<ReadRound> readsConfirmed = new ArrayDeque<>();
    private int readsHeld;

    private Output.Builder out;

    /** A fresh server with nothing on disk. */
    public Replica(int id, ReplicaConfig config, RandomGenerator random) {
        this(id, config, random, RecoveredState.EMPTY);
    }

    /**
     * A server restarting from what storage recovered. The runtime has already restored the state
     * machine from the snapshot at {@code state.snapshotIndex()}.
     *
     * @throws IllegalArgumentException if a record's payload does not decode or a record's view is
     *     above the recovered view (corrupt or inconsistent storage: refuse to start)
     */
    public Replica(int id, ReplicaConfig config, RandomGenerator random, RecoveredState state) {
        this.config = config;
        this.quorum = config.quorumSystem();
        this.serverCount = quorum.serverCount();
        if (id < 0 || id >= serverCount) {
            throw new IllegalArgumentException("server id must be 0.." + (serverCount - 1) + ", was " + id);
        }
        this.id = id;
        this.random = random;
        this.everyone = serverCount == 64 ? -1L : (1L << serverCount) - 1;
        this.lastSentTick = new long[serverCount];
        this.view = state.view();
        this.indexApplied = state.snapshotIndex();
        this.discardedBefore = state.snapshotIndex() + 1;
        for (LogRecord record : state.records()) {
            if (record.index() <= state.snapshotIndex()) {
                continue;
            }
            if (record.view() > state.view()) {
                throw new IllegalArgumentException("log record at index " + record.index() + " has view "
                        + record.view() + " above the view file's " + state.view());
            }
            Optional<Entry> entry = EntryCodec.decode(record.payload());
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("log record at index " + record.index() + " does not decode");
            }
            log.put(record.index(), new Slot(record.view(), entry.get(), false));
        }
        this.electionTimeoutTicks = newElectionTimeout();
        // Read rounds are told apart by (view, number). A restarted server keeps its view, so if its
        // numbers restarted at 1, a delayed answer to a round of its previous run could confirm a
        // new round, and serve a read with a read index fetched before the read began. A random
        // start (62 bits, room to count up) makes that as unlikely as guessing it.
        this.nextReadRound = random.nextLong() >>> 2;
    }

    // ------------------------------------------------------------------ the one entry point

    /** Takes one input and returns what the runtime must do (see {@link Output} for the order). */
    public Output step(Input input) {
        out = new Output.Builder();
        if (input instanceof Input.Tick) {
            onTick();
        } else if (input instanceof Input.Received r) {
            onMessage(r.from(), r.message());
        } else if (input instanceof Input.Proposed p) {
            onProposed(p.request(), p.forceViewChange());
        } else if (input instanceof Input.Together together) {
            for (Input i : together.inputs()) {
                if (i instanceof Input.Proposed p) {
                    onProposed(p.request(), p.forceViewChange());
                } else {
                    Input.Received r = (Input.Received) i;
                    onMessage(r.from(), r.message());
                }
            }
        } else if (input instanceof Input.SnapshotTaken s) {
            onSnapshotTaken(s.index());
        } else if (input instanceof Input.SnapshotInstalled s) {
            onSnapshotInstalled(s.index());
        } else {
            throw new IllegalArgumentException("unknown input " + input);
        }
        applyChosen();
        if (role == Role.MASTER) {
            maybeOpen();
        }
        // Every read that started in this step (or while the last round was in flight) goes out in
        // one round, so a burst of reads costs one round, not one per read.
        maybeStartReadRound();
        serveReads();
        checkInvariants();
        Output result = out.build(persistSeq);
        out = null;
        return result;
    }

    // ------------------------------------------------------------------ accessors (read-only)

    /** This server's id. */
    public int id() {
        return id;
    }

    /** The current view. */
    public long view() {
        return view;
    }

    /** The current role. */
    public Role role() {
        return role;
    }

    /** Every index up to this one is chosen and was handed out for applying. */
    public long indexApplied() {
        return indexApplied;
    }

    /**
     * The highest index this server knows to be chosen: its own applied index, or the commit index
     * the master of its current view announced, if higher (a follower may still be catching up).
     */
    public long indexCommittedKnown() {
        return Math.max(indexApplied, commitHintView == view ? commitHint : 0);
    }

    /**
     * How many indices above {@link #indexApplied()} this server's log reaches: the entries it holds
     * (or, as master, opened) that are not applied yet. 1 when a lone entry is on its way to being
     * chosen, more when several are in flight, 0 when all is applied. A runtime reads it as a load
     * signal (see the server runtime's {@code PersistPath}).
     */
    public long indicesAboveApplied() {
        long highest = Math.max(log.isEmpty() ? 0 : log.lastKey(), role == Role.MASTER ? lastOpened : 0);
        return Math.max(0, highest - indexApplied);
    }

    /**
     * Client requests queued for the next batch (a master or a candidate queues them; 0 on a
     * follower). The same count as {@link Footprint#pendingRequests()}, without building a
     * {@link Footprint}: a runtime reads it as a load signal on every dispatch.
     */
    public int queuedRequests() {
        return pending.size();
    }

    /** The lowest index still held in the log. */
    public long discardedBefore() {
        return discardedBefore;
    }

    /**
     * The sizes of this replica's long-lived collections now (cheap: no copying). For metrics and
     * for tests that check memory stays bounded once snapshots trim the log.
     */
    public Footprint footprint() {
        return new Footprint(log.size(), coordinations.size(), inFlight.size(), pending.size(), recovered.size(),
                readsHeld, promises.size());
    }

    /** The master of {@code v}: views are owned by residue. */
    public int masterOf(long v) {
        return (int) (v % serverCount);
    }

    // ------------------------------------------------------------------ time

    private void onTick() {
        nowTick++;
        if (role == Role.MASTER) {
            sendHeartbeats();
            redelegateLateIndices();
        } else if (role == Role.CANDIDATE) {
            if (nowTick - candidateStartTick >= electionTimeoutTicks) {
                startViewChange();
            } else if (nowTick - lastNewViewTick >= config.retransmitTicks()) {
                sendNewView(everyone & ~promisedMask());
            }
        } else if (nowTick - lastHeardTick >= electionTimeoutTicks) {
            startViewChange();
        }
        retransmitPrepares();
        if (role == Role.FOLLOWER) {
            maybeRequestCopy();
        }
        retryStaleReads();
    }

    private long newElectionTimeout() {
        // The next server in turn after the master goes first; the others wait longer, so usually
        // exactly one candidate starts and views are not wasted. The random part breaks ties.
        int rank = Math.floorMod(id - masterOf(view) - 1, serverCount);
        int base = config.electionTimeoutTicks();
        return base + (long) rank * (base / 2) + random.nextInt(base / 2 + 1);
    }

    private void heardFromMaster() {
        lastHeardTick = nowTick;
    }

    // ------------------------------------------------------------------ messages

    private void onMessage(int from, Message m) {
        if (from < 0 || from >= serverCount) {
            drop("message from unknown server " + from);
            return;
        }
        if (m.view() > view) {
            // A higher view anywhere: adopt it and step down from any role (DESIGN.md "View change").
            adoptView(m.view());
        }
        if (m instanceof Prepare p) {
            onPrepare(from, p);
        } else if (m instanceof PrepareOk p) {
            onPrepareOk(from, p);
        } else if (m instanceof Commit c) {
            onCommit(c);
        } else if (m instanceof Coordinate c) {
            onCoordinate(from, c);
        } else if (m instanceof Heartbeat h) {
            onHeartbeat(from, h);
        } else if (m instanceof Forward f) {
            onForward(f);
        } else if (m instanceof NewView n) {
            onNewView(from, n);
        } else if (m instanceof NewViewOk n) {
            onNewViewOk(from, n);
        } else if (m instanceof StaleView || m instanceof Message.SnapshotChunk) {
            // StaleView: adopting the higher view above was all there is to do. SnapshotChunk: the
            // runtime handles snapshot transfer; the core hears SnapshotInstalled at the end.
            return;
        } else if (m instanceof CopyRequest c) {
            onCopyRequest(from, c);
        } else if (m instanceof CopyReply c) {
            onCopyReply(from, c);
        } else if (m instanceof ReadQuery q) {
            onReadQuery(from, q);
        } else if (m instanceof ReadQueryReply r) {
            onReadQueryReply(r);
        } else if (m instanceof ReadConfirm c) {
            onReadConfirm(from, c);
        } else if (m instanceof ReadConfirmOk c) {
            onReadConfirmOk(from, c);
        } else {
            drop("unknown message " + m);
        }
    }

    /** Answers a message from a lower view so its sender learns the current one and steps down. */
    private boolean rejectStale(int from, Message m) {
        if (m.view() < view) {
            send(from, new StaleView(view));
            return true;
        }
        return false;
    }

    private void onHeartbeat(int from, Heartbeat m) {
        if (rejectStale(from, m)) {
            return;
        }
        if (from != masterOf(view) || from == id) {
            drop("heartbeat from " + from + " who is not the master of view " + view);
            return;
        }
        heardFromMaster();
        learnCommitIndex(m.view(), m.commitIndex());
    }

    // ------------------------------------------------------------------ phase 2: participants

    private void onPrepare(int from, Prepare m) {
        if (rejectStale(from, m)) {
            return;
        }
        if (from == masterOf(view)) {
            heardFromMaster();
        }
        long index = m.index();
        if (index <= indexApplied || index < discardedBefore) {
            // Already chosen here; Paxos guarantees this proposal carries the chosen value, and our
            // copy of it is durable (log or snapshot), so acknowledging is truthful.
            sendAfterPersist(from, new PrepareOk(view, index));
            return;
        }
        Slot slot = log.get(index);
        if (slot == null || slot.view < view) {
            boolean chosen = slot != null && slot.chosen;
            // Paxos: once an index is chosen, every higher view proposes the same entry there.
            Check.that(!chosen || slot.entry.equals(m.entry()), "a later view's entry equals the chosen entry");
            log.put(index, new Slot(view, m.entry(), chosen));
            persist(new PersistOp.Append(++persistSeq, new LogRecord(index, view, EntryCodec.encode(m.entry()))));
        } else {
            // The master of a view proposes one entry per index, so a repeat must be identical.
            Check.that(slot.entry.equals(m.entry()), "one entry per index per view");
        }
        // Durable before acknowledged: the acknowledgement leaves only after the Append is synced.
        sendAfterPersist(from, new PrepareOk(view, index));
        learnCommitIndex(m.view(), m.commitIndex());
        if (config.implicitWindowCommit()) {
            // The master opened this index only after index - windowSize was chosen in this same
            // view, so our entry there is the chosen one, but only if we accepted it in this view.
            Slot earlier = log.get(index - config.windowSize());
            if (earlier != null && earlier.view == view) {
                earlier.chosen = true;
            }
        }
    }

    /** The master of {@code v} says every index up to {@code commitIndex} is chosen. */
    private void learnCommitIndex(long v, long commitIndex) {
        if (v != view) {
            return;
        }
        if (commitHintView != v || commitIndex > commitHint) {
            commitHintView = v;
            commitHint = commitIndex;
        }
        if (commitHint <= indexApplied) {
            return;
        }
        // An entry we accepted in view v is the one the master of v proposed, hence the chosen one.
        for (Slot slot : log.subMap(indexApplied + 1, true, commitHint, true).values()) {
            if (slot.view == v) {
                slot.chosen = true;
            }
        }
    }

    private void onCommit(Commit m) {
        if (m.view() < view) {
            return;
        }
        if (role == Role.MASTER) {
            InFlight entry = inFlight.remove(m.index());
            if (entry != null) {
                learnChosen(m.index(), view, entry.entry);
                chosenMax = Math.max(chosenMax, m.index());
            }
            return;
        }
        Slot slot = log.get(m.index());
        if (slot != null && slot.view == m.view()) {
            slot.chosen = true;
        }
        if (m.view() == view && (commitSeenView != view || m.index() > commitSeen)) {
            commitSeenView = view;
            commitSeen = m.index();
        }
    }

    /** Records that {@code entry}, proposed in {@code v}, is chosen at {@code index}. */
    private void learnChosen(long index, long v, Entry entry) {
        if (index <= indexApplied || index < discardedBefore) {
            return;
        }
        Slot slot = log.get(index);
        if (slot != null && slot.view >= v) {
            // Paxos: every proposal after the chosen one carries the chosen value.
            Check.that(slot.entry.equals(entry), "a later view's entry equals the chosen entry");
            slot.chosen = true;
            return;
        }
        log.put(index, new Slot(v, entry, true));
        persist(new PersistOp.Append(++persistSeq, new LogRecord(index, v, EntryCodec.encode(entry))));
    }

    private void applyChosen() {
        while (true) {
            Slot next = log.get(indexApplied + 1);
            if (next == null || !next.chosen) {
                return;
            }
            indexApplied++;
            out.apply(new Accepted(indexApplied, next.view, next.entry));
        }
    }

    // ------------------------------------------------------------------ phase 2: coordinators

    private void onCoordinate(int from, Coordinate m) {
        if (rejectStale(from, m)) {
            return;
        }
        if (from != masterOf(view)) {
            drop("Coordinate from " + from + " who is not the master of view " + view);
            return;
        }
        heardFromMaster();
        learnCommitIndex(m.view(), m.commitIndex());
        coordinate(m.index(), m.entry());
    }

    /** Starts (or keeps) coordinating {@code index} in the current view. */
    private void coordinate(long index, Entry entry) {
        if (coordinations.containsKey(index)) {
            return;
        }
        Coordination c = new Coordination(entry, nowTick);
        coordinations.put(index, c);
        long targets = config.thriftyQuorum() ? quorum.thriftyReplicationQuorum(id) : everyone;
        c.sentToAll = targets == everyone;
        sendPrepare(index, c, targets);
    }

    private void sendPrepare(long index, Coordination c, long targets) {
        long commitIndex = role == Role.MASTER ? indexApplied : commitHintView == view ? commitHint : 0;
        Prepare prepare = new Prepare(view, index, c.entry, commitIndex);
        for (int to = 0; to < serverCount; to++) {
            if ((targets & (1L << to)) != 0) {
                send(to, prepare);
            }
        }
        c.lastSendTick = nowTick;
    }

    private void onPrepareOk(int from, PrepareOk m) {
        if (m.view() != view) {
            return;
        }
        Coordination c = coordinations.get(m.index());
        if (c == null) {
            return;
        }
        c.acked |= 1L << from;
        if (!quorum.isReplicationQuorum(c.acked)) {
            return;
        }
        coordinations.remove(m.index());
        Commit commit = new Commit(view, m.index());
        if (config.explicitCommit()) {
            for (int to = 0; to < serverCount; to++) {
                if (to != id) {
                    send(to, commit);
                }
            }
        } else if (masterOf(view) != id) {
            send(masterOf(view), commit);
        }
        // The coordinator learns the commit like everyone else (as master: from its in-flight entry).
        onCommit(commit);
    }

    private void retransmitPrepares() {
        for (Iterator<Map.Entry<Long, Coordination>> it = coordinations.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Coordination> e = it.next();
            if (e.getKey() <= indexApplied) {
                it.remove();
                continue;
            }
            Coordination c = e.getValue();
            if (nowTick - c.lastSendTick < config.retransmitTicks()) {
                continue;
            }
            // A thrifty quorum that did not answer in time is widened to everyone.
            c.sentToAll = true;
            sendPrepare(e.getKey(), c, everyone & ~c.acked);
        }
    }

    // ------------------------------------------------------------------ the master

    private void onProposed(Request request, boolean forceViewChange) {
        Check.that(request.origin() == id, "proposed requests originate here", request.origin(), id);
        if (forceViewChange && role == Role.FOLLOWER) {
            startViewChange();
        }
        if (request.readOnly() && config.participantRead()) {
            startRead(request);
            return;
        }
        if (role != Role.FOLLOWER) {
            enqueue(request);
        } else if (config.participantHandle() && masterOf(view) != id) {
            send(masterOf(view), new Forward(view, request));
        } else {
            out.outcome(new ClientOutcome(request.clientId(), request.requestId(), ClientOutcome.Kind.NOT_MASTER,
                    masterOf(view), "not the master"));
        }
    }

    private void onForward(Forward m) {
        if (role == Role.FOLLOWER) {
            drop("forwarded request while not the master");
            return;
        }
        enqueue(m.request());
    }

    private void enqueue(Request request) {
        if (pending.size() >= config.pendingRequestsMax()) {
            if (request.origin() == id) {
                out.outcome(new ClientOutcome(request.clientId(), request.requestId(), ClientOutcome.Kind.REJECTED,
                        id, "overloaded: the master's queue is full"));
            } else {
                drop("master queue full");
            }
            return;
        }
        if (pending.isEmpty()) {
            batchStartTick = nowTick;
        }
        pending.add(request);
    }

    /** Opens indices while the window allows: recovered entries first, then batches of requests. */
    private void maybeOpen() {
        // Window rule: index j opens only once j - windowSize is chosen in this view (or below the
        // recovery base), which is what makes implicit window commit sound.
        while (lastOpened + 1 <= indexApplied + config.windowSize()) {
            Entry entry;
            if (!recovered.isEmpty()) {
                entry = recovered.poll();
            } else if (!pending.isEmpty() && (config.batchIntervalTicks() == 0
                    || pending.size() >= config.maxBatch()
                    || nowTick - batchStartTick >= config.batchIntervalTicks())) {
                entry = takeBatch();
            } else {
                return;
            }
            open(++lastOpened, entry);
        }
    }

    private Entry takeBatch() {
        int size = Math.min(pending.size(), config.maxBatch());
        List<Request> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(pending.poll());
        }
        batchStartTick = nowTick;
        return new Entry(batch);
    }

    private void open(long index, Entry entry) {
        int coordinator = pickCoordinator(entry);
        inFlight.put(index, new InFlight(entry, coordinator, nowTick + config.coordinatorTimeoutTicks()));
        if (coordinator == id) {
            coordinate(index, entry);
        } else {
            send(coordinator, new Coordinate(view, index, entry, indexApplied));
        }
    }

    private int pickCoordinator(Entry entry) {
        int delegation = config.delegateReplication();
        if (delegation == 0 || serverCount == 1) {
            return id;
        }
        if (delegation < 0) {
            // Reverse delegation: the server that forwarded the request coordinates it.
            return entry.isNoop() ? id : entry.requests().get(0).origin();
        }
        int others = Math.min(delegation, serverCount - 1);
        int turn = nextDelegate;
        nextDelegate = (nextDelegate + 1) % others;
        return (id + 1 + turn) % serverCount;
    }

    private void redelegateLateIndices() {
        for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            InFlight f = e.getValue();
            if (f.deadlineTick > nowTick) {
                continue;
            }
            f.deadlineTick = nowTick + config.coordinatorTimeoutTicks();
            if (f.coordinator != id) {
                // A coordinator that does not finish never blocks the window: take the index over.
                out.event(new Event(Event.Kind.REDELEGATED, view, e.getKey(), "from " + f.coordinator));
                f.coordinator = id;
                coordinate(e.getKey(), f.entry);
            }
        }
    }

    private void sendHeartbeats() {
        for (int to = 0; to < serverCount; to++) {
            if (to != id && nowTick - lastSentTick[to] >= config.heartbeatIntervalTicks()) {
                send(to, new Heartbeat(view, indexApplied));
            }
        }
    }

    // ------------------------------------------------------------------ phase 1: view change

    private void adoptView(long newView) {
        Check.that(newView > view, "views only grow", newView, view);
        view = newView;
        persist(new PersistOp.SaveView(++persistSeq, newView));
        out.event(new Event(Event.Kind.VIEW_ADOPTED, newView, indexApplied, "master " + masterOf(newView)));
        becomeFollower();
    }

    private void becomeFollower() {
        if (role == Role.MASTER || role == Role.CANDIDATE) {
            for (Request r : pending) {
                if (r.origin() == id) {
                    out.outcome(new ClientOutcome(r.clientId(), r.requestId(), ClientOutcome.Kind.REJECTED,
                            masterOf(view), "the master stepped down before proposing it"));
                }
            }
            pending.clear();
        }
        role = Role.FOLLOWER;
        clearLeadership();
        heardFromMaster();
        electionTimeoutTicks = newElectionTimeout();
        restartReads();
    }

    private void clearLeadership() {
        coordinations.clear();
        inFlight.clear();
        recovered.clear();
        promises.clear();
    }

    private void startViewChange() {
        long next = view + 1 + Math.floorMod(id - (view + 1), serverCount);
        Check.that(next > view && masterOf(next) == id, "a candidate claims only a higher view it owns", next, view);
        if (role == Role.FOLLOWER) {
            pending.clear();
        }
        view = next;
        persist(new PersistOp.SaveView(++persistSeq, next));
        role = Role.CANDIDATE;
        clearLeadership();
        candidateStartTick = nowTick;
        electionTimeoutTicks = newElectionTimeout();
        out.event(new Event(Event.Kind.VIEW_CHANGE_STARTED, next, indexApplied, ""));
        // Our own promise travels like everyone else's, after the view is durable.
        sendNewView(everyone);
        restartReads();
    }

    private void sendNewView(long targets) {
        NewView newView = new NewView(view, indexApplied);
        for (int to = 0; to < serverCount; to++) {
            if ((targets & (1L << to)) != 0) {
                if (to == id) {
                    sendAfterPersist(id, promise(indexApplied));
                } else {
                    sendAfterPersist(to, newView);
                }
            }
        }
        lastNewViewTick = nowTick;
    }

    private NewViewOk promise(long requesterCommitIndex) {
        List<Accepted> entries = new ArrayList<>();
        long from = Math.max(requesterCommitIndex + 1, discardedBefore);
        for (Map.Entry<Long, Slot> e : log.tailMap(from, true).entrySet()) {
            entries.add(new Accepted(e.getKey(), e.getValue().view, e.getValue().entry));
        }
        return new NewViewOk(view, indexApplied, discardedBefore, entries);
    }

    private void onNewView(int from, NewView m) {
        if (rejectStale(from, m)) {
            return;
        }
        if (from != masterOf(m.view()) || from == id) {
            drop("NewView for view " + m.view() + " from " + from + " who does not own it");
            return;
        }
        // m.view() == view here: either just adopted (and persisted) above, or a retransmission of a
        // view we already promised. Either way the promise leaves only once the view is durable.
        heardFromMaster();
        sendAfterPersist(from, promise(m.commitIndex()));
    }

    private long promisedMask() {
        long mask = 0;
        for (int server : promises.keySet()) {
            mask |= 1L << server;
        }
        return mask;
    }

    private void onNewViewOk(int from, NewViewOk m) {
        if (role != Role.CANDIDATE || m.view() != view) {
            return;
        }
        promises.put(from, m);
        maybeFinishRecovery();
    }

    private void maybeFinishRecovery() {
        if (role != Role.CANDIDATE || !quorum.isRecoveryQuorum(promisedMask())) {
            return;
        }
        // A promiser whose snapshot covers indices above our commit index cannot send them as
        // entries; they are chosen, so fetch them (or its snapshot) before recovering the rest.
        for (Map.Entry<Integer, NewViewOk> e : promises.entrySet()) {
            if (e.getValue().discardedBefore() - 1 > indexApplied) {
                if (nowTick - lastCopyRequestTick >= config.retransmitTicks()) {
                    lastCopyRequestTick = nowTick;
                    send(e.getKey(), new CopyRequest(view, indexApplied + 1));
                    out.event(new Event(Event.Kind.CATCH_UP, view, indexApplied + 1, "recovery from " + e.getKey()));
                }
                return;
            }
        }
        // For every index above our commit index, the entry accepted in the highest view is the
        // only one that can have been chosen (a recovery quorum meets every replication quorum).
        TreeMap<Long, Accepted> best = new TreeMap<>();
        for (NewViewOk promise : promises.values()) {
            for (Accepted a : promise.entries()) {
                if (a.index() <= indexApplied) {
                    continue;
                }
                Accepted current = best.get(a.index());
                if (current == null || a.view() > current.view()) {
                    best.put(a.index(), a);
                }
            }
        }
        long maxIndex = best.isEmpty() ? indexApplied : best.lastKey();
        for (long index = indexApplied + 1; index <= maxIndex; index++) {
            Accepted a = best.get(index);
            recovered.add(a == null ? Entry.NOOP : a.entry());
        }
        if (config.indexExclusivity()) {
            // An old master may have opened up to a window past what the quorum saw; never reuse
            // those indices for other requests.
            for (int i = 0; i < config.windowSize(); i++) {
                recovered.add(Entry.NOOP);
            }
        }
        role = Role.MASTER;
        promises.clear();
        lastOpened = indexApplied;
        recoveryFence = indexApplied + recovered.size();
        chosenMax = indexApplied;
        nextDelegate = 0;
        Arrays.fill(lastSentTick, Long.MIN_VALUE / 2);
        out.event(new Event(Event.Kind.BECAME_MASTER, view, indexApplied, "recovered up to " + maxIndex));
        restartReads();
    }

    // ------------------------------------------------------------------ catch-up

    private void maybeRequestCopy() {
        long target = Math.max(commitHintView == view ? commitHint : 0, commitSeenView == view ? commitSeen : 0);
        Slot next = log.get(indexApplied + 1);
        boolean behind = target > indexApplied && (next == null || !next.chosen);
        // One copy in flight: with none awaited, ask at this tick, not a retransmission time after
        // the last one. A server outside a thrifty quorum misses entries all the time, and its
        // clients' answers waited for that (p99 130-224 ms for its clients at 64 clients).
        long wait = copyAwaited ? config.retransmitTicks() : 1;
        if (!behind || nowTick - lastCopyRequestTick < wait) {
            return;
        }
        int master = masterOf(view);
        if (master == id) {
            return;
        }
        lastCopyRequestTick = nowTick;
        copyAwaited = true;
        send(master, new CopyRequest(view, indexApplied + 1));
        out.event(new Event(Event.Kind.CATCH_UP, view, indexApplied + 1, "from " + master));
    }

    private void onCopyRequest(int from, CopyRequest m) {
        if (from == id) {
            return;
        }
        if (m.fromIndex() < discardedBefore) {
            // The entries are gone from our log; only our snapshot holds them.
            out.sendSnapshot(from);
            return;
        }
        List<Accepted> entries = new ArrayList<>();
        long last = Math.min(indexApplied, m.fromIndex() + config.copyEntriesMax() - 1);
        if (last >= m.fromIndex()) {
            for (Map.Entry<Long, Slot> e : log.subMap(m.fromIndex(), true, last, true).entrySet()) {
                entries.add(new Accepted(e.getKey(), e.getValue().view, e.getValue().entry));
            }
        }
        send(from, new CopyReply(view, indexApplied, entries));
    }

    private void onCopyReply(int from, CopyReply m) {
        copyAwaited = false;
        long before = indexApplied;
        for (Accepted a : m.entries()) {
            learnChosen(a.index(), a.view(), a.entry());
        }
        applyChosen();
        if (indexApplied > before && m.commitIndex() > indexApplied) {
            // Still behind and making progress: ask for the next chunk at once.
            lastCopyRequestTick = nowTick;
            copyAwaited = true;
            send(from, new CopyRequest(view, indexApplied + 1));
        }
        maybeFinishRecovery();
    }

    // ------------------------------------------------------------------ snapshots

    private void onSnapshotTaken(long index) {
        Check.that(index <= indexApplied, "a snapshot covers only applied entries", index, indexApplied);
        long before = Math.max(discardedBefore, index + 1 - config.snapshotTailEntries());
        if (before > discardedBefore) {
            discardBelow(before);
        }
    }

    private void onSnapshotInstalled(long index) {
        if (index <= indexApplied) {
            return;
        }
        // The state machine now reflects every entry up to index: they are chosen and applied.
        indexApplied = index;
        discardBelow(index + 1);
        maybeFinishRecovery();
    }

    private void discardBelow(long before) {
        log.headMap(before, false).clear();
        discardedBefore = before;
        persist(new PersistOp.DiscardBefore(++persistSeq, before));
    }

    // ------------------------------------------------------------------ participant reads

    private void startRead(Request request) {
        if (readsHeld >= config.pendingRequestsMax()) {
            // A server cut off from the master cannot serve reads, while clients keep retrying
            // (each retry is a new read): the same bound as the master's queue keeps that finite.
            out.outcome(new ClientOutcome(request.clientId(), request.requestId(), ClientOutcome.Kind.REJECTED,
                    masterOf(view), "overloaded: too many reads waiting"));
            return;
        }
        readsHeld++;
        // Never into the round in flight: its read index or confirmations may predate this read.
        readsWaiting.add(request);
    }

    /** Sends a round for the reads waiting, unless one is in flight (it starts when that one ends). */
    private void maybeStartReadRound() {
        if (readRound != null || readsWaiting.isEmpty()) {
            return;
        }
        readRound = new ReadRound(++nextReadRound, view, nowTick, readsWaiting);
        readsWaiting = new ArrayList<>();
        if (role == Role.MASTER) {
            readRound.readIndex = readFence();
            confirmView(readRound);
        } else if (masterOf(view) != id) {
            send(masterOf(view), new ReadQuery(view, readRound.number));
        }
        // A candidate (or a restarted server in a view it owns) has no master to ask: the retry
        // timer or the view change sends the reads again.
        maybeFinishReadRound();
    }

    /**
     * Every write acknowledged so far, in this view or an earlier one, has an index at most this.
     * Without delegation the master coordinates every index itself, so it learns each one chosen
     * before anyone can acknowledge it (a participant answers its client only once the master's
     * Commit, commit index or window says so): what it has learned chosen, or recovered, bounds the
     * acknowledged writes, and a read need not wait for writes still in flight. With delegation a
     * coordinator may commit (and answer) before the master hears, so the fence is every index the
     * master opened or will re-propose.
     */
    private long readFence() {
        if (config.delegateReplication() == 0) {
            return Math.max(indexApplied, Math.max(recoveryFence, chosenMax));
        }
        return lastOpened + recovered.size();
    }

    private void confirmView(ReadRound round) {
        round.confirmed = 1L << id;
        ReadConfirm confirm = new ReadConfirm(view, round.number);
        for (int to = 0; to < serverCount; to++) {
            if (to != id) {
                send(to, confirm);
            }
        }
    }

    private void onReadQuery(int from, ReadQuery m) {
        if (role == Role.MASTER && m.view() == view) {
            send(from, new ReadQueryReply(view, m.round(), readFence()));
        }
    }

    private void onReadQueryReply(ReadQueryReply m) {
        ReadRound round = readRound;
        if (round == null || round.number != m.round() || m.view() != view || round.view != view
                || round.readIndex >= 0) {
            return;
        }
        round.readIndex = m.readIndex();
        confirmView(round);
        maybeFinishReadRound();
    }

    private void onReadConfirm(int from, ReadConfirm m) {
        if (rejectStale(from, m)) {
            return;
        }
        // Our view is at most the reader's: no higher view has a promise from us.
        send(from, new ReadConfirmOk(m.view(), m.round()));
    }

    private void onReadConfirmOk(int from, ReadConfirmOk m) {
        ReadRound round = readRound;
        if (round != null && round.number == m.round() && round.view == m.view() && round.readIndex >= 0) {
            round.confirmed |= 1L << from;
            maybeFinishReadRound();
        }
    }

    /** The round in flight is confirmed: its reads wait for their index, and the next round may start. */
    private void maybeFinishReadRound() {
        ReadRound round = readRound;
        if (round == null || round.readIndex < 0 || round.view != view || !quorum.isReplicationQuorum(round.confirmed)) {
            return;
        }
        readRound = null;
        readsConfirmed.add(round);
    }

    private void serveReads() {
        for (Iterator<ReadRound> it = readsConfirmed.iterator(); it.hasNext(); ) {
            ReadRound round = it.next();
            if (round.view == view && indexApplied >= round.readIndex) {
                it.remove();
                readsHeld -= round.reads.size();
                for (Request request : round.reads) {
                    out.readReady(new Output.ReadReady(request));
                }
            }
        }
    }

    private void retryStaleReads() {
        if (readRound != null && nowTick - readRound.startTick >= config.retransmitTicks() * 2L) {
            // Lost messages or a silent master: ask again in a fresh round at the end of this step
            // (a new number, so late answers to this one cannot count for the reads that join it).
            // Confirmed rounds stay: their view has not changed.
            readsWaiting.addAll(0, readRound.reads);
            readRound = null;
        }
    }

    /**
     * After a view change, sends every read not yet served again in a fresh round at the end of this
     * step: a read index or confirmation from another view serves nothing.
     */
    private void restartReads() {
        // Oldest first: confirmed rounds started before the round in flight, which started before
        // the reads waiting.
        ArrayList<Request> all = new ArrayList<>(readsHeld);
        for (ReadRound round : readsConfirmed) {
            all.addAll(round.reads);
        }
        readsConfirmed.clear();
        if (readRound != null) {
            all.addAll(readRound.reads);
            readRound = null;
        }
        all.addAll(readsWaiting);
        readsWaiting = all;
    }

    // ------------------------------------------------------------------ plumbing

    private void send(int to, Message m) {
        // Only what a follower counts as hearing from the master may stand in for a heartbeat: a
        // server left out of a thrifty quorum otherwise gets only Commits, which do not reset its
        // election timer, while they kept the master from sending it heartbeats.
        if (role == Role.MASTER && (m instanceof Heartbeat || m instanceof Prepare || m instanceof Coordinate)) {
            lastSentTick[to] = nowTick;
        }
        out.send(new Envelope(id, to, m));
    }

    private void sendAfterPersist(int to, Message m) {
        out.sendAfterPersist(new Envelope(id, to, m));
    }

    private void persist(PersistOp op) {
        out.persist(op);
    }

    private void drop(String why) {
        out.event(new Event(Event.Kind.DROPPED, view, indexApplied, why));
    }

    private void checkInvariants() {
        Check.that(discardedBefore <= indexApplied + 1, "discardedBefore <= indexApplied + 1", discardedBefore,
                indexApplied);
        if (!log.isEmpty()) {
            Check.that(log.firstKey() >= discardedBefore, "log holds nothing discarded", log.firstKey(),
                    discardedBefore);
        }
        if (role == Role.MASTER) {
            Check.that(indexApplied <= lastOpened, "master: indexApplied <= lastOpened", indexApplied, lastOpened);
            Check.that(masterOf(view) == id, "a master owns its view", view, id);
        }
        checkReads();
    }

    private void checkReads() {
        Check.that(readsHeld <= config.pendingRequestsMax(), "readsHeld <= pendingRequestsMax", readsHeld,
                config.pendingRequestsMax());
        long held = readsWaiting.size() + (readRound == null ? 0 : readRound.reads.size());
        for (ReadRound round : readsConfirmed) {
            // A confirmation from another view serves nothing: a view change restarts these reads.
            Check.that(round.view == view, "confirmed read rounds are in the current view", round.view, view);
            held += round.reads.size();
        }
        Check.that(held == readsHeld, "readsHeld counts every read held", held, readsHeld);
    }
}
