package dev.ios.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ios.kvstore.KvStateMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in Ios server for tests: a line server on 127.0.0.1 (port chosen by the system) that
 * answers Ios JSON requests per {@code docs/client-protocol.md}, applying them to a {@link State}
 * that several fakes may share (a "cluster" whose log is one synchronized counter). Switches make
 * it misbehave on purpose; every request it reads is recorded for assertions.
 */
public final class FakeIosServer implements AutoCloseable {

    /** What the fake does with a request. */
    public enum Mode {
        /** Apply and answer. */
        NORMAL,
        /** Answer NOT_MASTER with {@link #masterHint(int)}; apply nothing. */
        NOT_MASTER,
        /** Answer as an original Ios server does when it is not the master: {@code "Success":false}, no outcome. */
        IOS_NOT_MASTER,
        /** Answer REJECTED {@code overloaded}; apply nothing. */
        REJECT,
        /** Read it and never answer. */
        SILENT,
        /** Close the connection without applying. */
        DROP_BEFORE_APPLY,
        /** Apply, then close the connection without answering. */
        DROP_AFTER_APPLY,
        /** Apply, then answer INDETERMINATE. */
        INDETERMINATE_AFTER_APPLY,
        /** Wait for {@link #release()}, then apply and answer. */
        HOLD
    }

    /** One request line as the fake read it. */
    public record Received(long clientId, long requestId, boolean forceViewChange, boolean readOnly, String request) {}

    /** The replicated state several fakes share: a key-value store and a log index. Thread-safe. */
    public static final class State {
        private final KvStateMachine machine = new KvStateMachine();
        private final Map<Long, Long> lastApplied = new HashMap<>();
        private final Map<String, Integer> freshApplies = new HashMap<>();
        private final Map<String, Integer> freshAppliesByCommand = new HashMap<>();
        private long index;

        /** Applies one request as a server would (sessions included) and returns the response. */
        public synchronized String apply(long clientId, long requestId, String request) {
            Long last = lastApplied.get(clientId);
            if (last == null || requestId > last) {
                lastApplied.put(clientId, requestId);
                freshApplies.merge(clientId + "/" + requestId, 1, Integer::sum);
                freshAppliesByCommand.merge(request, 1, Integer::sum);
            }
            byte[] answer = machine.apply(++index, clientId, requestId, request.getBytes(StandardCharsets.UTF_8));
            return new String(answer, StandardCharsets.UTF_8);
        }

        /** How many times a request with this exact text was applied as new, under any ids. */
        public synchronized int timesApplied(String request) {
            return freshAppliesByCommand.getOrDefault(request, 0);
        }

        /** How many times the request was applied as new (a retry answered from the session does not count). */
        public synchronized int timesApplied(long clientId, long requestId) {
            return freshApplies.getOrDefault(clientId + "/" + requestId, 0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final State state;
    private final ServerSocket serverSocket;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Received> received = new ArrayList<>(); // guarded by itself
    private final Deque<Mode> script = new ArrayDeque<>();     // guarded by this
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;
    private volatile int masterHint = -1;
    private volatile boolean reverseAnswerPairs;
    private volatile CountDownLatch held = new CountDownLatch(1);

    private FakeIosServer(State state) throws IOException {
        this.state = state;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-ios-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a fake on 127.0.0.1 and a port of the system's choosing. */
    public static FakeIosServer start(State state) throws IOException {
        return new FakeIosServer(state);
    }

    /** A port on 127.0.0.1 where nothing listens (bound, then released): connections are refused. */
    public static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The client port. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** What to do with requests when no scripted mode is left. */
    public FakeIosServer mode(Mode value) {
        mode = value;
        return this;
    }

    /** Modes for the next requests, one each, before falling back to {@link #mode(Mode)}. */
    public synchronized FakeIosServer script(Mode... modes) {
        script.addAll(List.of(modes));
        return this;
    }

    /** The hint sent with NOT_MASTER answers. */
    public FakeIosServer masterHint(int value) {
        masterHint = value;
        return this;
    }

    /** Answer requests two at a time in reverse order (the client must match answers by id). */
    public FakeIosServer reverseAnswerPairs(boolean value) {
        reverseAnswerPairs = value;
        return this;
    }

    /** Lets every request held by {@link Mode#HOLD} go on. */
    public void release() {
        held.countDown();
    }

    /** Every request read so far, in order. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many connections were accepted. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Waits until at least {@code count} requests were read; throws {@link AssertionError} after {@code bound}. */
    public void awaitReceived(int count, Duration bound) throws InterruptedException {
        long deadlineNs = System.nanoTime() + bound.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0) {
                    throw new AssertionError("fake " + port() + " read " + received.size() + " requests, expected " + count);
                }
                TimeUnit.NANOSECONDS.timedWait(received, leftNs);
            }
        }
    }

    /** Stops listening and cuts every connection: the server "dies". */
    public void die() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            // Already closed.
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        release();
    }

    @Override
    public void close() {
        die();
    }

    private synchronized Mode nextMode() {
        Mode scripted = script.poll();
        return scripted != null ? scripted : mode;
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connectionsAccepted.incrementAndGet();
                sockets.add(socket);
                Thread serve = new Thread(() -> serve(socket), "fake-ios-conn-" + port());
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return; // closed by die()
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            String heldBack = null;
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode request = JSON.readTree(line);
                Received one = new Received(request.get("ClientID").asLong(), request.get("RequestID").asLong(),
                        request.get("ForceViewChange").asBoolean(), request.get("ReadOnly").asBoolean(),
                        request.get("Request").asText());
                Mode now = nextMode();
                synchronized (received) {
                    received.add(one);
                    received.notifyAll();
                }
                String answer = answer(one, now);
                if (answer == null) {
                    if (now == Mode.DROP_BEFORE_APPLY || now == Mode.DROP_AFTER_APPLY) {
                        return;
                    }
                    continue; // SILENT
                }
                if (reverseAnswerPairs && heldBack == null) {
                    heldBack = answer;
                    continue;
                }
                write(out, answer);
                if (heldBack != null) {
                    write(out, heldBack);
                    heldBack = null;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The client went away or the fake died: this connection ends.
        } finally {
            sockets.remove(socket);
        }
    }

    /** The answer line for {@code one} in mode {@code now}, or null for none. */
    private String answer(Received one, Mode now) throws InterruptedException {
        switch (now) {
            case NOT_MASTER:
                return reply(one, false, "not the master", "NOT_MASTER", masterHint);
            case IOS_NOT_MASTER:
                return reply(one, false, "", null, -1);
            case REJECT:
                return reply(one, false, "overloaded", "REJECTED", -1);
            case SILENT:
            case DROP_BEFORE_APPLY:
                return null;
            case DROP_AFTER_APPLY:
                state.apply(one.clientId(), one.requestId(), one.request());
                return null;
            case INDETERMINATE_AFTER_APPLY:
                state.apply(one.clientId(), one.requestId(), one.request());
                return reply(one, false, "timed out", "INDETERMINATE", -1);
            case HOLD:
                held.await();
                return reply(one, true, state.apply(one.clientId(), one.requestId(), one.request()), null, -1);
            default:
                return reply(one, true, state.apply(one.clientId(), one.requestId(), one.request()), null, -1);
        }
    }

    private static String reply(Received one, boolean success, String response, String outcome, int hint) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ClientID", one.clientId());
        node.put("RequestID", one.requestId());
        node.put("Success", success);
        node.put("Response", response);
        if (outcome != null) {
            node.put("Outcome", outcome);
            node.put("MasterHint", hint);
        }
        return node.toString();
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
