package dev.ios.consensus.sim;

import dev.ios.consensus.entry.Entry;
import dev.ios.consensus.entry.Request;
import dev.ios.consensus.message.Accepted;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.replica.ClientOutcome;
import dev.ios.consensus.replica.Footprint;
import dev.ios.consensus.replica.Input;
import dev.ios.consensus.replica.Output;
import dev.ios.consensus.replica.PersistOp;
import dev.ios.consensus.replica.Replica;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.consensus.storage.SnapshotStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic cluster: N real {@link Replica}s over a simulated network, simulated disks and
 * simulated clients, all driven by one seed. Time is discrete ({@link #TICK} units per replica
 * tick); events at the same time run in the order they were scheduled, so a seed replays exactly.
 *
 * <p>Safety is checked as the run goes: whenever any server applies an entry, it must equal what
 * every other server applied at that index, and each server applies indices in order without gaps.
 * A violation throws {@link AssertionError} naming the seed.
 */
public final class SimCluster {

    /** Simulated time units per replica tick. */
    public static final long TICK = 10;

    private final long seed;
    private final ReplicaConfig config;
    private final FaultPlan faults;
    private final SplittableRandom random;
    private final int snapshotInterval;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final Map<Long, Entry> appliedAt = new HashMap<>();
    private final List<HistoryOp> history = new ArrayList<>();
    private final Trace trace;
    private long now;
    private long eventSeq;
    private boolean healed;
    // Half the deliveries are stepped together with what else arrives soon (as the runtime's event
    // loop does); golden traces turn it off so they read message by message.
    private boolean groupDeliveries = true;
    // Partition: servers on side A cannot reach side B (bit mask of side A); 0 means no partition.
    private long partitionSideA;
    // Directed links that drop everything (bit from*64+to), set by scripted scenarios.
    private final java.util.BitSet cutLinks = new java.util.BitSet();
    private final Map<Long, ClientSink> scripted = new HashMap<>();
    // The largest size each replica collection reached on any server (see footprintMax).
    private Footprint footprintMax = new Footprint(0, 0, 0, 0, 0, 0, 0);

    /** One scheduled event. Same-time events run in scheduling order. */
    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }
    }

    /**
     * Creates a cluster of {@code config.serverCount()} fresh servers.
     *
     * @param snapshotInterval applied entries between snapshots, 0 for none
     * @param trace receives a line per protocol-level event, or {@link Trace#NONE}
     */
    public SimCluster(ReplicaConfig config, long seed, FaultPlan faults, int snapshotInterval, Trace trace) {
        this.seed = seed;
        this.config = config;
        this.faults = faults;
        this.random = new SplittableRandom(seed);
        this.snapshotInterval = snapshotInterval;
        this.trace = trace;
        for (int id = 0; id < config.serverCount(); id++) {
            Server server = new Server(id);
            servers.add(server);
            server.start();
            // Stagger ticks so servers are not in lock step.
            schedule(1 + random.nextLong(TICK), server::tick);
        }
    }

    // ------------------------------------------------------------------ running

    /** Steps every delivered message on its own (golden traces), instead of grouping some. */
    public SimCluster deliverSeparately() {
        groupDeliveries = false;
        return this;
    }

    /** Runs until simulated time {@code until} (faults are injected on the way unless healed). */
    public void runUntil(long until) {
        while (!events.isEmpty() && events.peek().time <= until) {
            Event e = events.poll();
            now = e.time;
            e.action.run();
        }
        now = Math.max(now, until);
    }

    /** Runs for {@code ticks} ticks with faults. */
    public void run(long ticks) {
        scheduleFaults(now + ticks * TICK);
        runUntil(now + ticks * TICK);
    }

    /**
     * Stops injecting faults, restarts crashed servers, heals partitions, then runs until every
     * client has finished its workload or {@code ticksMax} ticks pass.
     *
     * @return true if every client finished
     */
    public boolean healAndRunUntilQuiet(long ticksMax) {
        healed = true;
        partitionSideA = 0;
        for (Server s : servers) {
            if (s.replica == null) {
                s.start();
            }
        }
        long deadline = now + ticksMax * TICK;
        while (!events.isEmpty() && events.peek().time <= deadline) {
            if (allClientsDone()) {
                return true;
            }
            Event e = events.poll();
            now = e.time;
            e.action.run();
        }
        return allClientsDone();
    }

    private boolean allClientsDone() {
        for (Client c : clients) {
            if (!c.done()) {
                return false;
            }
        }
        return true;
    }

    private void schedule(long delay, Runnable action) {
        events.add(new Event(now + delay, eventSeq++, action));
    }

    // ------------------------------------------------------------------ faults

    private void scheduleFaults(long until) {
        if (faults.crashes()) {
            for (long t = now + randomGap(); t < until; t += randomGap()) {
                long at = t;
                events.add(new Event(at, eventSeq++, this::crashRandomServer));
            }
        }
        if (faults.partitions()) {
            for (long t = now + randomGap(); t < until; t += randomGap()) {
                events.add(new Event(t, eventSeq++, this::partitionRandomly));
            }
        }
    }

    private long randomGap() {
        return TICK * (20 + random.nextLong(200));
    }

    private void crashRandomServer() {
        if (healed) {
            return;
        }
        Server s = servers.get(random.nextInt(servers.size()));
        if (s.replica == null) {
            return;
        }
        s.crash();
        schedule(TICK * (5 + random.nextLong(60)), () -> {
            if (s.replica == null) {
                s.start();
            }
        });
    }

    private void partitionRandomly() {
        if (healed) {
            return;
        }
        long all = (1L << servers.size()) - 1;
        long side = random.nextLong(all) + 1;
        partitionSideA = side == all ? 0 : side;
        trace.line(now, "partition " + describeSides(partitionSideA));
        schedule(TICK * (10 + random.nextLong(80)), () -> {
            partitionSideA = 0;
            trace.line(now, "heal");
        });
    }

    private String describeSides(long sideA) {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            ((sideA & (1L << i)) != 0 ? a : b).append(i);
        }
        return a + "|" + b;
    }

    private boolean reachable(int from, int to) {
        if (from == to) {
            return true;
        }
        if (cutLinks.get(from * 64 + to)) {
            return false;
        }
        if (partitionSideA == 0) {
            return true;
        }
        return ((partitionSideA >>> from) & 1) == ((partitionSideA >>> to) & 1);
    }

    // ------------------------------------------------------------------ network

    private void sendPeer(Envelope e) {
        if (e.from() == e.to()) {
            // A server's message to itself never crosses the network.
            deliverLater(1, e);
            return;
        }
        if (!healed && random.nextInt(1000) < faults.lossPerMille()) {
            return;
        }
        deliverLater(networkDelay(), e);
        if (!healed && random.nextInt(1000) < faults.duplicatePerMille()) {
            deliverLater(networkDelay(), e);
        }
    }

    private long networkDelay() {
        if (!healed && random.nextInt(1000) < faults.slowPerMille()) {
            return 1 + random.nextLong(TICK * 8);
        }
        return 1 + random.nextLong(TICK / 2);
    }

    private long syncDelay() {
        // A slow disk now and then widens the window in which a crash loses acknowledged-looking
        // state, which is what catches acknowledgements sent before persistence.
        if (!healed && random.nextInt(1000) < faults.slowPerMille() * 4) {
            return 1 + random.nextLong(TICK * 6);
        }
        return 1 + random.nextLong(TICK / 2);
    }

    private void deliverLater(long delay, Envelope e) {
        Server to = servers.get(e.to());
        int incarnation = to.incarnation;
        schedule(delay, () -> {
            if (to.replica != null && to.incarnation == incarnation && reachable(e.from(), e.to())) {
                Input.Received received = new Input.Received(e.from(), e.message());
                if (groupDeliveries && random.nextBoolean()) {
                    to.stepTogether(received);
                } else {
                    to.step(received);
                }
            }
        });
    }

    // ------------------------------------------------------------------ servers

    /** One server's runtime: replica, disk, state machine, and the messages waiting for a sync. */
    private final class Server {
        final int id;
        final SimDisk disk = new SimDisk();
        Replica replica;
        SimKv kv;
        int incarnation;
        long seqWritten;
        long seqDurable;
        boolean syncScheduled;
        long lastApplied;
        long appliedSinceSnapshot;
        final ArrayDeque<Held> held = new ArrayDeque<>();
        // Requests and messages waiting to be stepped together, as the runtime collects one pass of its event loop.
        final List<Input> together = new ArrayList<>();

        record Held(long seq, List<Envelope> envelopes) {}

        /** Steps {@code input} with whatever else arrives within the next couple of time units, as one input. */
        void stepTogether(Input input) {
            if (together.isEmpty()) {
                int inc = incarnation;
                schedule(random.nextLong(3), () -> {
                    if (replica != null && incarnation == inc && !together.isEmpty()) {
                        Input.Together all = new Input.Together(together);
                        together.clear();
                        step(all);
                    }
                });
            }
            together.add(input);
        }

        Server(int id) {
            this.id = id;
        }

        void start() {
            incarnation++;
            kv = new SimKv();
            SnapshotStore.Meta meta = disk.snapshotMeta();
            if (meta != null) {
                restore(kv, disk.snapshotBytes());
            }
            lastApplied = meta == null ? 0 : meta.index();
            appliedSinceSnapshot = 0;
            seqWritten = 0;
            seqDurable = 0;
            syncScheduled = false;
            held.clear();
            replica = new Replica(id, config, new SplittableRandom(random.nextLong()), disk.recover());
            trace.line(now, "start " + id + " view=" + replica.view() + " applied=" + lastApplied);
        }

        void crash() {
            trace.line(now, "crash " + id);
            replica = null;
            kv = null;
            disk.crash(random, faults.tornWrites());
            together.clear();
            incarnation++;
        }

        void tick() {
            if (replica != null) {
                step(new Input.Tick());
            }
            schedule(TICK, this::tick);
        }

        void step(Input input) {
            handle(replica.step(input));
            if (replica != null) {
                Footprint now = replica.footprint();
                footprintMax = max(footprintMax, now);
                // The runtime's cheap load signal must agree with the footprint it stands in for.
                if (replica.queuedRequests() != now.pendingRequests()) {
                    throw new AssertionError("server " + id + ": queuedRequests " + replica.queuedRequests()
                            + " but the footprint has " + now.pendingRequests());
                }
            }
        }

        void handle(Output o) {
            for (PersistOp op : o.persist()) {
                disk.write(op);
            }
            seqWritten = Math.max(seqWritten, o.persistSeq());
            for (Envelope e : o.send()) {
                sendPeer(e);
            }
            if (!o.sendAfterPersist().isEmpty()) {
                if (o.persistSeq() <= seqDurable) {
                    o.sendAfterPersist().forEach(SimCluster.this::sendPeer);
                } else {
                    held.add(new Held(o.persistSeq(), o.sendAfterPersist()));
                }
            }
            if (disk.hasUnsynced() && !syncScheduled) {
                syncScheduled = true;
                int inc = incarnation;
                schedule(syncDelay(), () -> {
                    if (incarnation == inc) {
                        sync();
                    }
                });
            }
            for (Accepted a : o.apply()) {
                apply(a);
            }
            for (ClientOutcome outcome : o.outcomes()) {
                client(outcome.clientId()).onOutcome(outcome);
            }
            for (Output.ReadReady ready : o.readsReady()) {
                Request r = ready.request();
                String response = text(kv.read(r.command()));
                trace.line(now, id + " read " + text(r.command()) + " -> " + response);
                replyLater(r, response);
            }
            for (int peer : o.snapshotsToSend()) {
                sendSnapshot(peer);
            }
            for (dev.ios.consensus.replica.Event e : o.events()) {
                if (e.kind() == dev.ios.consensus.replica.Event.Kind.DROPPED) {
                    continue;
                }
                trace.line(now, id + " " + e.kind() + " view=" + e.view() + " index=" + e.index()
                        + (e.detail().isEmpty() ? "" : " " + e.detail()));
            }
        }

        void sync() {
            syncScheduled = false;
            disk.sync();
            seqDurable = seqWritten;
            while (!held.isEmpty() && held.peek().seq() <= seqDurable) {
                held.poll().envelopes().forEach(SimCluster.this::sendPeer);
            }
        }

        void apply(Accepted a) {
            if (a.index() != lastApplied + 1) {
                throw new AssertionError("seed=" + seed + ": server " + id + " applied index " + a.index()
                        + " after " + lastApplied);
            }
            Entry previous = appliedAt.putIfAbsent(a.index(), a.entry());
            if (previous != null && !previous.equals(a.entry())) {
                throw new AssertionError("seed=" + seed + ": server " + id + " applied a different entry at index "
                        + a.index() + ": " + a.entry() + " vs " + previous);
            }
            lastApplied = a.index();
            trace.line(now, id + " apply " + a.index() + " view=" + a.view() + " " + describe(a.entry()));
            for (Request r : a.entry().requests()) {
                String response = text(kv.apply(a.index(), r.clientId(), r.requestId(), r.command()));
                if (r.origin() == id) {
                    replyLater(r, response);
                }
            }
            if (snapshotInterval > 0 && ++appliedSinceSnapshot >= snapshotInterval) {
                appliedSinceSnapshot = 0;
                disk.saveSnapshot(new SnapshotStore.Meta(a.index(), a.view()), snapshot(kv));
                step(new Input.SnapshotTaken(a.index(), a.view()));
            }
        }

        void replyLater(Request r, String response) {
            ClientSink c = client(r.clientId());
            schedule(1 + random.nextLong(TICK / 2), () -> c.onReply(r.requestId(), response));
        }

        void sendSnapshot(int peer) {
            SnapshotStore.Meta meta = disk.snapshotMeta();
            if (meta == null || !reachable(id, peer) || (!healed && random.nextInt(1000) < faults.lossPerMille())) {
                return;
            }
            byte[] bytes = disk.snapshotBytes();
            Server to = servers.get(peer);
            int inc = to.incarnation;
            trace.line(now, id + " snapshot-send to=" + peer + " index=" + meta.index());
            schedule(networkDelay(), () -> {
                if (to.replica != null && to.incarnation == inc && meta.index() > to.replica.indexApplied()) {
                    to.installSnapshot(meta, bytes);
                }
            });
        }

        void installSnapshot(SnapshotStore.Meta meta, byte[] bytes) {
            disk.saveSnapshot(meta, bytes);
            kv = new SimKv();
            restore(kv, bytes);
            lastApplied = meta.index();
            trace.line(now, id + " snapshot-install index=" + meta.index());
            step(new Input.SnapshotInstalled(meta.index(), meta.view()));
        }
    }

    // ------------------------------------------------------------------ clients

    /** Adds a client that performs {@code operations} random operations over {@code keys}. */
    public void addClient(int operations, int keys, int readPercent, int beforeForce) {
        Client c = new Client(clients.size(), operations, keys, readPercent, beforeForce);
        clients.add(c);
        schedule(1 + random.nextLong(TICK * 5), c::next);
    }

    private ClientSink client(long clientId) {
        ClientSink sink = scripted.get(clientId);
        return sink != null ? sink : clients.get((int) (clientId - Client.ID_BASE));
    }

    /** Where answers for a client go. */
    private interface ClientSink {
        void onReply(long requestId, String response);

        void onOutcome(ClientOutcome outcome);
    }

    /** A client with one request in flight at a time, retrying with the same request id. */
    private final class Client implements ClientSink {
        static final long ID_BASE = 1000;
        static final long TIMEOUT = TICK * 25;

        final int index;
        final int operationsMax;
        final int keys;
        final int readPercent;
        final int beforeForce;
        int operationsDone;
        long requestId;
        String command;
        boolean readOnly;
        long callTime;
        int tries;
        int attempt;
        int target;
        boolean inFlight;

        Client(int index, int operationsMax, int keys, int readPercent, int beforeForce) {
            this.index = index;
            this.operationsMax = operationsMax;
            this.keys = keys;
            this.readPercent = readPercent;
            this.beforeForce = beforeForce;
            this.target = random.nextInt(servers.size());
        }

        long clientId() {
            return ID_BASE + index;
        }

        boolean done() {
            return operationsDone >= operationsMax && !inFlight;
        }

        void next() {
            if (operationsDone >= operationsMax) {
                return;
            }
            requestId++;
            String key = "k" + random.nextInt(keys);
            readOnly = random.nextInt(100) < readPercent;
            command = readOnly ? "get " + key : "update " + key + " c" + index + "." + requestId;
            callTime = now;
            tries = 0;
            inFlight = true;
            send();
        }

        void send() {
            tries++;
            int thisAttempt = ++attempt;
            boolean force = beforeForce > 0 && tries > beforeForce && tries % beforeForce == 1;
            Server server = servers.get(target);
            Request r = new Request(clientId(), requestId, target, readOnly, command.getBytes(StandardCharsets.UTF_8));
            int inc = server.incarnation;
            schedule(1 + random.nextLong(TICK / 2), () -> {
                if (server.replica != null && server.incarnation == inc) {
                    server.stepTogether(new Input.Proposed(r, force));
                }
            });
            schedule(TIMEOUT, () -> {
                if (inFlight && attempt == thisAttempt) {
                    target = (target + 1) % servers.size();
                    send();
                }
            });
        }

        @Override
        public void onReply(long replyRequestId, String response) {
            if (!inFlight || replyRequestId != requestId) {
                return;
            }
            inFlight = false;
            operationsDone++;
            history.add(new HistoryOp(index, callTime, now, command, response));
            schedule(1 + random.nextLong(TICK * 2), this::next);
        }

        @Override
        public void onOutcome(ClientOutcome outcome) {
            if (!inFlight || outcome.requestId() != requestId) {
                return;
            }
            if (outcome.kind() == ClientOutcome.Kind.NOT_MASTER && outcome.masterHint() >= 0) {
                target = outcome.masterHint();
            } else {
                target = (target + 1) % servers.size();
            }
            int thisAttempt = ++attempt;
            schedule(TICK, () -> {
                if (inFlight && attempt == thisAttempt) {
                    send();
                }
            });
        }

        HistoryOp unfinished() {
            return new HistoryOp(index, callTime, Long.MAX_VALUE, command, null);
        }
    }

    // ------------------------------------------------------------------ scripted control (scenarios)

    /** Crashes server {@code id} now (it loses unsynced writes). */
    public void crash(int id) {
        if (servers.get(id).replica != null) {
            servers.get(id).crash();
        }
    }

    /** Restarts server {@code id} from its disk. */
    public void restart(int id) {
        if (servers.get(id).replica == null) {
            servers.get(id).start();
        }
    }

    /** Splits the network: servers in {@code sideA} (bit mask) reach only each other. */
    public void partition(long sideA) {
        partitionSideA = sideA;
        trace.line(now, "partition " + describeSides(sideA));
    }

    /** Removes the partition and every cut link. */
    public void healNetwork() {
        partitionSideA = 0;
        cutLinks.clear();
        trace.line(now, "heal");
    }

    /** Drops every message from {@code from} to {@code to} until {@link #healNetwork}. */
    public void cut(int from, int to) {
        cutLinks.set(from * 64 + to);
        trace.line(now, "cut " + from + "->" + to);
    }

    /**
     * A one-off client sends {@code command} to server {@code server}; its answer appears in the
     * trace as {@code client <id> ...}. No retries: scenarios show exactly what happens.
     */
    public void propose(int server, String command, boolean readOnly, boolean forceViewChange) {
        long clientId = 1 + scripted.size();
        scripted.put(clientId, new ClientSink() {
            @Override
            public void onReply(long requestId, String response) {
                trace.line(now, "client " + clientId + " reply " + response);
            }

            @Override
            public void onOutcome(ClientOutcome outcome) {
                trace.line(now, "client " + clientId + " " + outcome.kind() + " hint=" + outcome.masterHint());
            }
        });
        trace.line(now, "client " + clientId + " -> " + server + " " + command + (readOnly ? " (read)" : "")
                + (forceViewChange ? " (force view change)" : ""));
        Server s = servers.get(server);
        if (s.replica != null) {
            Request r = new Request(clientId, 1, server, readOnly, command.getBytes(StandardCharsets.UTF_8));
            s.step(new Input.Proposed(r, forceViewChange));
        }
    }

    /** The current simulated time. */
    public long now() {
        return now;
    }

    // ------------------------------------------------------------------ results

    /** Every operation clients completed, plus one with an unknown outcome per client still waiting. */
    public List<HistoryOp> history() {
        List<HistoryOp> all = new ArrayList<>(history);
        for (Client c : clients) {
            if (c.inFlight) {
                all.add(c.unfinished());
            }
        }
        return all;
    }

    /**
     * The largest size each of the replicas' long-lived collections reached so far, on any server,
     * measured after every step (field by field, so the fields may come from different moments).
     */
    public Footprint footprintMax() {
        return footprintMax;
    }

    /** Requests the clients completed so far. */
    public int completedRequests() {
        return history.size();
    }

    /** The seed this cluster runs from. */
    public long seed() {
        return seed;
    }

    // ------------------------------------------------------------------ helpers

    private static String describe(Entry entry) {
        if (entry.isNoop()) {
            return "noop";
        }
        StringBuilder sb = new StringBuilder("[");
        for (Request r : entry.requests()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(r.clientId()).append('/').append(r.requestId()).append(' ')
                    .append(new String(r.command(), StandardCharsets.UTF_8));
        }
        return sb.append(']').toString();
    }

    private static Footprint max(Footprint a, Footprint b) {
        return new Footprint(Math.max(a.logSlots(), b.logSlots()), Math.max(a.coordinations(), b.coordinations()),
                Math.max(a.inFlight(), b.inFlight()), Math.max(a.pendingRequests(), b.pendingRequests()),
                Math.max(a.recoveredEntries(), b.recoveredEntries()), Math.max(a.pendingReads(), b.pendingReads()),
                Math.max(a.promises(), b.promises()));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] snapshot(SimKv kv) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            kv.snapshot(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restore(SimKv kv, byte[] bytes) {
        try {
            kv.restore(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
