package dev.ios.client;

import dev.ios.kvstore.Responses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one {@link IosClient}: a single thread owns every request, the connection and the
 * retry state, and reacts to events (submissions, lines read, connections lost) and to its own
 * timers. One owner means no locks and a simple argument for the two promises the client makes:
 *
 * <ul>
 *   <li><b>Ids in order.</b> Request ids are given out here, in submission order, and every
 *       connection receives the pending requests in id order, so a server's session sees them
 *       increase.
 *   <li><b>Same ids on retry.</b> A retry re-sends the very line of the first attempt (only {@code
 *       ForceViewChange} may change), so a server's session answers it with the saved response
 *       instead of applying it again.
 * </ul>
 *
 * <p>Retry rules (Ios's, bounded): a failed attempt — no answer within {@code Timeout}, the
 * connection lost, an {@code INDETERMINATE} answer, garbage — abandons the connection, and every
 * request pending on it is re-sent to the next server. {@code NOT_MASTER} with a hint goes straight
 * to that server and is not a failure. After a failed connection attempt the client waits {@code
 * Backoff}. See {@link ClientOptions} for the bounds.
 */
final class ClientLoop implements Runnable {

    /** Something for the loop to handle. */
    interface Event {}

    /** A caller submitted a request (it holds an in-flight permit). */
    record Submitted(PendingRequest request) implements Event {}

    /** A caller wants a connection now; {@code done} gets whether one was made. */
    record ConnectWanted(CompletableFuture<Boolean> done) implements Event {}

    /** The client is closing; always the last event. */
    record Shutdown() implements Event {}

    /** A server's client endpoint. */
    record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClientLoop.class);
    private static final long IDLE_WAIT_NS = TimeUnit.SECONDS.toNanos(60);

    private final List<Endpoint> servers;
    private final ClientOptions options;
    private final ClientIdentity identity;
    private final Runnable releasePermit;
    private final SplittableRandom random;
    private final String stalePrefix;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    // Requests with an id, in id order (insertion order of a LinkedHashMap).
    private final Map<Long, PendingRequest> pending = new LinkedHashMap<>();
    private final List<CompletableFuture<Boolean>> connectWaiters = new ArrayList<>();
    private Connection connection; // null while disconnected
    private long epochs;
    private int target;             // the server to connect to next
    private int[] randomOrder;      // ConnectRandom: this round's order of servers
    private int randomPosition;
    private long reconnectAtNs;     // no connection attempt before this time (Backoff)
    private int connectFailuresInRow;
    private String lastConnectProblem = "";
    private volatile int connectedServer = -1;

    ClientLoop(List<Endpoint> servers, ClientOptions options, ClientIdentity identity, long randomSeed,
            Runnable releasePermit) {
        this.servers = List.copyOf(servers);
        this.options = options;
        this.identity = identity;
        this.releasePermit = releasePermit;
        this.random = new SplittableRandom(randomSeed);
        String stale = Responses.stale(identity.clientId(), 0, 0);
        // "stale request: client C request " — followed by our request id and " is older than ...".
        this.stalePrefix = stale.substring(0, stale.indexOf(" request 0 ")) + " request ";
        this.target = options.connectRandom() ? nextRandom() : 0;
    }

    /** Hands an event to the loop. Safe from any thread; never blocks. */
    void post(Event event) {
        events.add(event);
    }

    /** The id of the server the client is connected to, or -1. Safe from any thread. */
    int connectedServer() {
        return connectedServer;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Event event = events.poll(waitNs(System.nanoTime()), TimeUnit.NANOSECONDS);
                while (event != null) {
                    if (event instanceof Shutdown) {
                        shutdown();
                        return;
                    }
                    handle(event);
                    event = events.poll();
                }
                onTimers(System.nanoTime());
                maybeConnect(System.nanoTime());
            }
        } catch (InterruptedException e) {
            // Only close() interrupts, and only if the loop did not stop in time; end everything now.
            shutdown();
            Thread.currentThread().interrupt();
        }
    }

    private long waitNs(long nowNs) {
        boolean wantsConnection = !pending.isEmpty() || !connectWaiters.isEmpty();
        if (connection == null && wantsConnection) {
            return Math.max(0, reconnectAtNs - nowNs);
        }
        long wakeNs = nowNs + IDLE_WAIT_NS;
        long timeoutNs = TimeUnit.MILLISECONDS.toNanos(options.timeoutMs());
        long deadlineNs = TimeUnit.MILLISECONDS.toNanos(options.requestDeadlineMs());
        for (PendingRequest request : pending.values()) {
            wakeNs = Math.min(wakeNs, request.submittedNs + deadlineNs);
            if (connection != null && request.sentOnEpoch == connection.epoch) {
                wakeNs = Math.min(wakeNs, request.sentNs + timeoutNs);
            }
        }
        return Math.max(0, wakeNs - nowNs);
    }

    private void handle(Event event) {
        if (event instanceof Submitted submitted) {
            onSubmitted(submitted.request());
        } else if (event instanceof ConnectWanted wanted) {
            if (connection != null) {
                wanted.done().complete(true);
            } else {
                connectWaiters.add(wanted.done());
            }
        } else if (event instanceof Connection.Received received) {
            onReceived(received);
        } else if (event instanceof Connection.Lost lost) {
            if (connection != null && lost.epoch() == connection.epoch) {
                abandon("connection to " + connection.address + " lost: " + lost.reason(), true, -1, null);
            }
        } else {
            throw new IllegalStateException("unknown event " + event);
        }
    }

    private void onSubmitted(PendingRequest request) {
        try {
            request.requestId = identity.nextRequestId();
        } catch (IOException | RuntimeException e) {
            finish(request, new Outcome.Rejected("cannot reserve a request id: " + e.getMessage(), 0, 0));
            return;
        }
        pending.put(request.requestId, request);
        if (connection != null) {
            sendAttempt(request, System.nanoTime());
        }
    }

    private void onReceived(Connection.Received received) {
        Connection current = connection;
        if (current == null || received.epoch() != current.epoch) {
            return; // a late line from a connection already abandoned
        }
        IosWire.Answer answer = IosWire.decode(received.line());
        if (answer == null || answer.clientId() != identity.clientId()) {
            abandon(current.address + " sent a line that is not an answer to this client: " + abbreviate(received.line()),
                    true, -1, null);
            return;
        }
        PendingRequest request = pending.get(answer.requestId());
        if (request == null || request.sentOnEpoch != current.epoch) {
            return; // the answer to a request that already ended (e.g. its deadline passed)
        }
        switch (answer.kind()) {
            case SUCCESS:
                onSuccess(request, answer.response());
                break;
            case REJECTED:
                if (request.maybeApplied) {
                    // This attempt was refused, but an earlier one may have been applied.
                    finish(request, new Outcome.Indeterminate(Outcome.Why.RETRY_REJECTED,
                            "a retry was rejected (" + answer.response() + ") after an earlier attempt may have been applied",
                            request.requestId, request.tries, true));
                } else {
                    finish(request, new Outcome.Rejected(answer.response(), request.requestId, request.tries));
                }
                break;
            case NOT_MASTER:
                int hint = answer.masterHint();
                boolean usable = hint >= 0 && hint < servers.size() && hint != current.serverId;
                abandon(current.address + " is not the master" + (usable ? " (hint: server " + hint + ")" : ""),
                        !usable, usable ? hint : -1, request);
                break;
            case INDETERMINATE:
                abandon(current.address + " answered indeterminate: " + answer.response(), true, -1, null);
                break;
            default:
                throw new IllegalStateException("unknown answer kind " + answer.kind());
        }
    }

    private void onSuccess(PendingRequest request, String response) {
        if (response.startsWith(stalePrefix + request.requestId + " ")) {
            finish(request, new Outcome.Indeterminate(Outcome.Why.SESSION_MOVED_ON,
                    "the server's session moved on to a later request: " + response,
                    request.requestId, request.tries, request.maybeApplied));
        } else {
            finish(request, new Outcome.Success(response, request.requestId, request.tries));
        }
    }

    private void onTimers(long nowNs) {
        long deadlineNs = TimeUnit.MILLISECONDS.toNanos(options.requestDeadlineMs());
        for (PendingRequest request : new ArrayList<>(pending.values())) {
            if (nowNs - request.submittedNs >= deadlineNs) {
                finish(request, new Outcome.Indeterminate(Outcome.Why.DEADLINE,
                        "no answer within " + options.requestDeadlineMs() + " ms" + lastProblem(request),
                        request.requestId, request.tries, maybeApplied(request)));
            }
        }
        if (connection == null) {
            return;
        }
        long timeoutNs = TimeUnit.MILLISECONDS.toNanos(options.timeoutMs());
        for (PendingRequest request : pending.values()) {
            if (request.sentOnEpoch == connection.epoch && nowNs - request.sentNs >= timeoutNs) {
                abandon("no answer within " + options.timeoutMs() + " ms from " + connection.address, true, -1, null);
                return;
            }
        }
    }

    private void maybeConnect(long nowNs) {
        if (connection != null || (pending.isEmpty() && connectWaiters.isEmpty()) || nowNs < reconnectAtNs) {
            return;
        }
        int server = target;
        Endpoint endpoint = servers.get(server);
        try {
            connection = Connection.open(server, ++epochs, endpoint.host(), endpoint.port(), options.timeoutMs(), this::post);
        } catch (IOException e) {
            lastConnectProblem = endpoint + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            connectFailuresInRow++;
            LOG.debug("client={} connect failed: {}", identity.clientId(), lastConnectProblem);
            target = nextServer(server);
            reconnectAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.backoffMs());
            if (connectFailuresInRow >= servers.size() * options.connectRoundsMax()) {
                giveUpUnreachable();
            }
            return;
        }
        connectFailuresInRow = 0;
        connectedServer = server;
        for (CompletableFuture<Boolean> waiter : connectWaiters) {
            waiter.complete(true);
        }
        connectWaiters.clear();
        long sendNs = System.nanoTime();
        for (PendingRequest request : new ArrayList<>(pending.values())) {
            sendAttempt(request, sendNs);
        }
    }

    private void giveUpUnreachable() {
        String detail = "no Ios server reachable (tried " + describeServers() + ", " + options.connectRoundsMax()
                + (options.connectRoundsMax() == 1 ? " round" : " rounds") + "; last: " + lastConnectProblem + ")";
        for (PendingRequest request : new ArrayList<>(pending.values())) {
            finish(request, new Outcome.Indeterminate(Outcome.Why.UNREACHABLE, detail, request.requestId,
                    request.tries, request.maybeApplied));
        }
        for (CompletableFuture<Boolean> waiter : connectWaiters) {
            waiter.complete(false);
        }
        connectWaiters.clear();
        connectFailuresInRow = 0;
        // The next request starts a fresh round at once: the servers may be back.
        reconnectAtNs = 0;
    }

    private void sendAttempt(PendingRequest request, long nowNs) {
        if (request.tries >= options.triesMax()) {
            finish(request, new Outcome.Indeterminate(Outcome.Why.TRIES_EXHAUSTED,
                    "sent " + request.tries + (request.tries == 1 ? " time" : " times") + " without an answer"
                            + lastProblem(request), request.requestId, request.tries, request.maybeApplied));
            return;
        }
        // Ios: ForceViewChange once the request has failed more than BeforeForce times.
        boolean force = options.beforeForce() != -1 && request.failures > options.beforeForce();
        String line = IosWire.encode(identity.clientId(), request.requestId, force, request.readOnly, request.command);
        request.tries++;
        request.sentNs = nowNs;
        request.sentOnEpoch = connection.epoch;
        connection.send(line); // queued; a write failure comes back as Connection.Lost
    }

    /**
     * Gives up the current connection: every request sent on it goes back to waiting, marked as
     * possibly applied (except {@code notApplied}, whose attempt was answered "not the master"),
     * and the next connection goes to {@code hint} if there is one, else to the next server.
     */
    private void abandon(String problem, boolean failure, int hint, PendingRequest notApplied) {
        Connection old = connection;
        LOG.debug("client={} server={} abandoned: {}", identity.clientId(), old.serverId, problem);
        connection = null;
        connectedServer = -1;
        old.close();
        for (PendingRequest request : pending.values()) {
            if (request.sentOnEpoch != old.epoch) {
                continue;
            }
            request.sentOnEpoch = -1;
            request.lastProblem = problem;
            if (failure) {
                request.failures++;
            }
            if (request != notApplied) {
                request.maybeApplied = true;
            }
        }
        target = hint >= 0 ? hint : nextServer(old.serverId);
        // Ios reconnects at once after a failed request; Backoff is only for failed connections.
        reconnectAtNs = 0;
    }

    private int nextServer(int server) {
        return options.connectRandom() ? nextRandom() : (server + 1) % servers.size();
    }

    /** ConnectRandom: a fresh shuffle per round, so one round still tries every server once. */
    private int nextRandom() {
        if (randomOrder == null || randomPosition == randomOrder.length) {
            randomOrder = new int[servers.size()];
            for (int i = 0; i < randomOrder.length; i++) {
                int j = random.nextInt(i + 1);
                randomOrder[i] = randomOrder[j];
                randomOrder[j] = i;
            }
            randomPosition = 0;
        }
        return randomOrder[randomPosition++];
    }

    private void finish(PendingRequest request, Outcome outcome) {
        if (request.requestId != 0) {
            pending.remove(request.requestId);
        }
        releasePermit.run();
        request.future.complete(outcome);
    }

    private void shutdown() {
        if (connection != null) {
            connection.close();
            connection = null;
            connectedServer = -1;
        }
        for (PendingRequest request : new ArrayList<>(pending.values())) {
            finish(request, new Outcome.Indeterminate(Outcome.Why.CLOSED, "the client was closed",
                    request.requestId, request.tries, maybeApplied(request)));
        }
        for (CompletableFuture<Boolean> waiter : connectWaiters) {
            waiter.complete(false);
        }
        connectWaiters.clear();
        // IosClient posts nothing after Shutdown, but an interrupt may leave events behind.
        Event event;
        while ((event = events.poll()) != null) {
            if (event instanceof Submitted submitted) {
                finish(submitted.request(), new Outcome.Rejected("the client is closed", 0, 0));
            } else if (event instanceof ConnectWanted wanted) {
                wanted.done().complete(false);
            }
        }
    }

    private String describeServers() {
        StringBuilder out = new StringBuilder();
        for (Endpoint endpoint : servers) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(endpoint);
        }
        return out.toString();
    }

    /** True if an earlier attempt may have been applied, or the current one is out without an answer yet. */
    private static boolean maybeApplied(PendingRequest request) {
        return request.maybeApplied || request.sentOnEpoch != -1;
    }

    private static String lastProblem(PendingRequest request) {
        return request.lastProblem == null ? "" : "; last: " + request.lastProblem;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
