package dev.ios.bench.clusterbench;

import dev.ios.bench.workload.History;
import dev.ios.bench.workload.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's lean client: one thread and one selector multiplex every client's connections,
 * so a reply costs one wake-up here instead of the library client's thread hand-offs. Each client
 * has its own {@code ClientID}, increasing {@code RequestID}s and at most {@code depth} requests in
 * flight (1 for the closed loop; more for {@code --fill}), and sends Ios JSON lines
 * (docs/client-protocol.md). By default each client has its own connection to each server; with
 * {@code connections} set, the clients share that many per server (client {@code i} uses connection
 * {@code i mod connections}), as the clients of a multiplexing library do, and an answer finds its
 * client by its {@code ClientID}. Requests queued while one wake-up is handled leave in one write
 * per connection, after it. Writes go to the master; reads too, or to a random server with {@code
 * participantRead}. A {@code NOT_MASTER} answer counts as an error and moves that client to the hint.
 *
 * <p>Phases: warm-up (sent, not counted), the measured window (requests that complete in it are
 * counted and their latency, send to answer, recorded), then a drain: no new requests, and with a
 * history the loop waits up to the request timeout for every answer, so the check sees how each
 * operation ended. A request without an answer within the timeout is counted as a timeout (an
 * error) and its late answer, if any, ignored.
 *
 * <p>Not thread-safe: {@link #run} runs on the calling thread; the callbacks run there too.
 */
final class LoadLoop {

    /**
     * How to load the cluster.
     *
     * @param servers every server's client address, by id
     * @param masterId where writes go first
     * @param clients number of clients (connections to the master)
     * @param depth requests in flight per client
     * @param clientIdBase client {@code i} is {@code ClientID clientIdBase + i}
     * @param participantRead send reads to a random server instead of the master
     * @param spreadClients client i sends to server i mod N instead of the master (participantHandle)
     * @param seed for the choice of server for reads
     * @param requestTimeoutNs a request without an answer after this long is a timeout
     * @param connections connections per server the clients share; 0 for one per client
     */
    record Settings(List<InetSocketAddress> servers, int masterId, int clients, int depth, long clientIdBase,
                    boolean participantRead, long seed, long requestTimeoutNs, boolean spreadClients, int connections) {

        /** Connections per server: one per client, or the shared count (at most one per client). */
        int connectionsPerServer() {
            return LoadLoop.connectionsPerServer(clients, connections);
        }
    }

    /**
     * The connections per server {@code clients} clients open given {@code connections} (0: one per
     * client); the one place this rule lives, for the load and for the report.
     */
    static int connectionsPerServer(int clients, int connections) {
        return connections == 0 ? clients : Math.min(connections, clients);
    }

    /**
     * What the measured window saw.
     *
     * @param latency send-to-answer latency of every successful request completed in the window, ns
     * @param ops requests that succeeded in the window
     * @param errors requests that failed in the window (timeouts included)
     * @param timeouts requests without an answer within the timeout (whole run)
     * @param measuredNs length of the window
     * @param firstError the first error's description, or null
     * @param historyFull true if the run ended early because the history reached its bound
     * @param readLatency the part of {@code latency} that were reads
     * @param writeLatency the part of {@code latency} that were writes
     * @param latencyByServer {@code latency} split by the server that answered (index = server id):
     *     with clients spread over the servers, a slow path through one of them shows here
     */
    record Result(Histogram latency, long ops, long errors, long timeouts, long measuredNs, String firstError,
                  boolean historyFull, Histogram readLatency, Histogram writeLatency, List<Histogram> latencyByServer) {}

    /** One request in flight. */
    private record Pending(long requestId, long sentNs, int server, Workload.Op op) {}

    /** One client: its ids, its connection slot, where it sends, what it waits for. */
    private static final class Client {
        final int index;
        final long clientId;
        // Which of the connections to each server this client uses.
        final int slot;
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        long nextRequestId = 1;
        int master;
        long pausedUntilNs;

        Client(int index, long clientId, int slot, int master) {
            this.index = index;
            this.clientId = clientId;
            this.slot = slot;
            this.master = master;
        }
    }

    private static final long TIMEOUT_SCAN_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long RECONNECT_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Settings settings;
    private final Workload workload;
    private final History history;
    private final int historyMax;
    private final SplittableRandom random;
    private final Client[] clients;
    // [server][slot]; null until first used, and again after a loss.
    private final LoadConnection[][] connections;
    // Connections with requests queued since the last flush, each once.
    private final List<LoadConnection> unflushed = new ArrayList<>();
    private final Histogram latency = LatencyStats.newHistogram();
    private final List<Histogram> latencyByServer = new ArrayList<>();
    private final Histogram readLatency = LatencyStats.newHistogram();
    private final Histogram writeLatency = LatencyStats.newHistogram();
    private Selector selector;
    private long measureStartNs;
    private long measureEndNs;
    private boolean sending = true;
    private boolean workloadDone;
    private long ops;
    private long errors;
    private long timeouts;
    private long recorded;
    private String firstError;

    /**
     * @param history where to record every operation for the check, or null
     * @param historyMax the most operations to record; the run stops sending when it is reached
     */
    LoadLoop(Settings settings, Workload workload, History history, int historyMax) {
        this.settings = settings;
        for (int i = 0; i < settings.servers().size(); i++) {
            latencyByServer.add(LatencyStats.newHistogram());
        }
        this.workload = workload;
        this.history = history;
        this.historyMax = historyMax;
        this.random = new SplittableRandom(settings.seed());
        this.clients = new Client[settings.clients()];
        int slots = settings.connectionsPerServer();
        this.connections = new LoadConnection[settings.servers().size()][slots];
        for (int i = 0; i < clients.length; i++) {
            int home = settings.spreadClients() ? i % settings.servers().size() : settings.masterId();
            clients[i] = new Client(i, settings.clientIdBase() + i, i % slots, home);
        }
    }

    /**
     * Runs warm-up, the measured window and the drain. The window ends early when the workload has
     * nothing left (a fill) or the history is full.
     *
     * @param atMeasureStart called as the window opens (e.g. to read CPU counters)
     * @param atMeasureEnd called as it closes
     */
    Result run(long warmupNs, long measureNs, Runnable atMeasureStart, Runnable atMeasureEnd) throws IOException {
        selector = Selector.open();
        try {
            long startNs = System.nanoTime();
            measureStartNs = startNs + warmupNs;
            measureEndNs = measureStartNs + measureNs;
            boolean measuring = false;
            boolean ended = false;
            long drainUntilNs = Long.MAX_VALUE;
            long nextScanNs = startNs;
            for (Client client : clients) {
                fill(client, startNs);
            }
            flushQueued();
            if (warmupNs == 0) {
                atMeasureStart.run();
                measuring = true;
            }
            while (true) {
                long nowNs = System.nanoTime();
                if (!measuring && nowNs >= measureStartNs) {
                    atMeasureStart.run();
                    measuring = true;
                }
                boolean stop = nowNs >= measureEndNs || workloadDone && idle() || !sending;
                if (!ended && stop) {
                    measureEndNs = Math.min(measureEndNs, nowNs);
                    atMeasureEnd.run();
                    ended = true;
                    sending = false;
                    // Only a check needs every answer; a plain run stops at once.
                    drainUntilNs = history == null ? nowNs : nowNs + settings.requestTimeoutNs();
                }
                if (ended && (idle() || nowNs >= drainUntilNs)) {
                    break;
                }
                selector.select(1);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    onReady((LoadConnection) key.attachment(), key);
                }
                nowNs = System.nanoTime();
                if (nowNs >= nextScanNs) {
                    scan(nowNs);
                    nextScanNs = nowNs + TIMEOUT_SCAN_NS;
                }
                flushQueued();
            }
            // Whatever is still unanswered after the drain may or may not have been applied.
            long endNs = System.nanoTime();
            for (Client client : clients) {
                for (Pending p : client.pending) {
                    recordHistory(client, p, "no answer", endNs, Outcome.TIMED_OUT);
                }
            }
            return new Result(latency, ops, errors, timeouts, measureEndNs - measureStartNs, firstError,
                    history != null && recorded >= historyMax, readLatency, writeLatency, latencyByServer);
        } finally {
            for (LoadConnection[] toServer : connections) {
                for (LoadConnection connection : toServer) {
                    if (connection != null) {
                        connection.close();
                    }
                }
            }
            selector.close();
        }
    }

    private boolean idle() {
        for (Client client : clients) {
            if (!client.pending.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void onReady(LoadConnection connection, SelectionKey key) {
        try {
            if (key.isValid() && key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                // Each line takes its own time: with several clients on one connection, the later
                // lines of one read are handled later, and their clients' next requests leave later.
                connection.read(line -> onLine(connection, line, System.nanoTime()));
            }
        } catch (IOException e) {
            lost(connection, e.getMessage(), System.nanoTime());
        }
    }

    /** Writes every connection's queued requests: one write system call each. */
    private void flushQueued() {
        for (LoadConnection connection : unflushed) {
            connection.queued = false;
            if (connection.isOpen()) {
                try {
                    connection.flush();
                } catch (IOException e) {
                    lost(connection, e.getMessage(), System.nanoTime());
                }
            }
        }
        unflushed.clear();
    }

    private void onLine(LoadConnection connection, CharSequence line, long nowNs) {
        int server = connection.server;
        ReplyLine reply = ReplyLine.parse(line);
        if (reply == null) {
            error("unreadable answer from server " + server + ": " + line, nowNs);
            return;
        }
        long index = reply.clientId() - settings.clientIdBase();
        if (index < 0 || index >= clients.length || clients[(int) index].slot != connection.slot) {
            error("answer from server " + server + " for a client not on that connection: " + line, nowNs);
            return;
        }
        Client client = clients[(int) index];
        Pending match = null;
        for (Pending p : client.pending) {
            if (p.requestId() == reply.requestId() && p.server() == server) {
                match = p;
                break;
            }
        }
        if (match == null) {
            return; // the late answer of a request already counted as a timeout
        }
        client.pending.remove(match);
        Outcome outcome = reply.success() ? Outcome.SUCCESS
                : "INDETERMINATE".equals(reply.outcome()) ? Outcome.INDETERMINATE : Outcome.REJECTED;
        if (outcome == Outcome.SUCCESS) {
            if (nowNs >= measureStartNs && nowNs < measureEndNs) {
                ops++;
                long ns = Math.max(1, nowNs - match.sentNs());
                latency.recordValue(ns);
                (match.op().write() ? writeLatency : readLatency).recordValue(ns);
                latencyByServer.get(server).recordValue(ns);
            }
        } else {
            if ("NOT_MASTER".equals(reply.outcome()) && reply.masterHint() >= 0) {
                client.master = reply.masterHint();
            }
            error("server " + server + " answered " + reply.outcome() + ": " + reply.response(), nowNs);
        }
        recordHistory(client, match, reply.success() ? reply.response() : reply.outcome() + " " + reply.response(),
                nowNs, outcome);
        fill(client, nowNs);
    }

    /** Sends requests until the client has {@code depth} in flight, unless sending has stopped. */
    private void fill(Client client, long nowNs) {
        while (sending && client.pending.size() < settings.depth() && nowNs >= client.pausedUntilNs) {
            if (history != null && recorded + inFlight() >= historyMax) {
                sending = false;
                return;
            }
            long requestId = client.nextRequestId++;
            Workload.Op op = workload.next(client.index, requestId);
            if (op == null) {
                workloadDone = true;
                return;
            }
            int server = !op.write() && settings.participantRead()
                    ? random.nextInt(settings.servers().size()) : client.master;
            if (!send(client, server, requestId, op, nowNs)) {
                return;
            }
        }
    }

    /** Queues the request on the client's connection to {@code server}; {@link #flushQueued} sends it. */
    private boolean send(Client client, int server, long requestId, Workload.Op op, long nowNs) {
        LoadConnection connection = connections[server][client.slot];
        if (connection == null) {
            try {
                connection = LoadConnection.open(selector, settings.servers().get(server), client.slot, server);
            } catch (IOException e) {
                // Refused: the request never left, so it is an error but not an operation.
                error("cannot connect to server " + server + ": " + e.getMessage(), nowNs);
                client.pausedUntilNs = nowNs + RECONNECT_PAUSE_NS;
                return false;
            }
            connections[server][client.slot] = connection;
        }
        String line = "{\"ClientID\":" + client.clientId + ",\"RequestID\":" + requestId
                + ",\"ForceViewChange\":false,\"ReadOnly\":" + !op.write() + ",\"Request\":\"" + op.command() + "\"}";
        client.pending.add(new Pending(requestId, System.nanoTime(), server, op));
        connection.queue(line);
        if (!connection.queued) {
            connection.queued = true;
            unflushed.add(connection);
        }
        return true;
    }

    /**
     * A connection failed: the requests its clients sent on it may or may not have been applied,
     * and those clients pause before they reconnect.
     */
    private void lost(LoadConnection connection, String why, long nowNs) {
        connection.close();
        LoadConnection[] toServer = connections[connection.server];
        if (toServer[connection.slot] == connection) {
            toServer[connection.slot] = null;
        }
        for (int i = connection.slot; i < clients.length; i += toServer.length) {
            Client client = clients[i];
            Iterator<Pending> it = client.pending.iterator();
            while (it.hasNext()) {
                Pending p = it.next();
                if (p.server() == connection.server) {
                    it.remove();
                    error("connection to server " + connection.server + " lost: " + why, nowNs);
                    recordHistory(client, p, "connection lost", nowNs, Outcome.INDETERMINATE);
                }
            }
            client.pausedUntilNs = nowNs + RECONNECT_PAUSE_NS;
        }
    }

    /** Times out overdue requests and resumes paused clients. */
    private void scan(long nowNs) {
        for (Client client : clients) {
            Iterator<Pending> it = client.pending.iterator();
            while (it.hasNext()) {
                Pending p = it.next();
                if (nowNs - p.sentNs() >= settings.requestTimeoutNs()) {
                    it.remove();
                    timeouts++;
                    error("no answer from server " + p.server() + " within "
                            + TimeUnit.NANOSECONDS.toMillis(settings.requestTimeoutNs()) + " ms", nowNs);
                    recordHistory(client, p, "no answer", nowNs, Outcome.TIMED_OUT);
                }
            }
            fill(client, nowNs);
        }
    }

    private long inFlight() {
        long n = 0;
        for (Client client : clients) {
            n += client.pending.size();
        }
        return n;
    }

    private void error(String description, long nowNs) {
        if (nowNs >= measureStartNs && nowNs < measureEndNs) {
            errors++;
        }
        if (firstError == null) {
            firstError = description;
        }
    }

    private void recordHistory(Client client, Pending p, String response, long nowNs, Outcome outcome) {
        // Invariant: an operation ends after it began; the check's "overwritten before" depends on it.
        if (nowNs < p.sentNs()) {
            throw new IllegalStateException("operation ends before it began: sent " + p.sentNs() + " ended " + nowNs);
        }
        if (history != null) {
            history.record(client.index, p.op().command(), response, p.sentNs(), nowNs, outcome);
            recorded++;
        }
    }
}
