package dev.ios.client;

import dev.ios.config.AddressConfig;
import dev.ios.config.Application;
import dev.ios.config.ClientConfig;
import dev.ios.config.ServerAddress;
import dev.ios.kvstore.Command;
import dev.ios.kvstore.CommandFormatter;
import dev.ios.kvstore.CommandParser;
import dev.ios.kvstore.ParseResult;
import dev.ios.kvstore.Responses;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A client of an Ios cluster: it sends commands as Ios JSON lines ({@code docs/client-protocol.md})
 * to one server at a time, follows master hints, retries elsewhere on timeouts and lost
 * connections, and ends every request in one {@link Outcome}.
 *
 * <pre>{@code
 * try (IosClient client = IosClient.create(AddressConfig.read(Path.of("configs/example3.conf")),
 *                                          ClientConfig.read(Path.of("configs/client.conf")))) {
 *     client.update("A", "1");                       // throws OutcomeException unless applied
 *     Optional<String> a = client.get("A");          // Optional[1]
 *     Outcome o = client.submit("update B \"x y\""); // Success, Rejected or Indeterminate
 *     client.submitAsync("count").thenAccept(System.out::println);
 * }
 * }</pre>
 *
 * <p><b>Exactly once.</b> Each request gets the next request id of the client's {@link
 * ClientIdentity} and keeps it through every retry, so the servers' sessions apply it at most once
 * and answer a retry with the saved response. Sessions hold only a client's latest request: if a
 * retried request finds that a later one of the same client was applied in the meantime
 * (possible only with several requests in flight), it ends {@link Outcome.Why#SESSION_MOVED_ON}.
 *
 * <p><b>Threads.</b> Thread-safe: any thread may submit. One loop thread per client owns the
 * connection and the retries; each connection has a reader and a writer thread. Futures are
 * completed on the loop thread: dependent actions without {@code *Async} run there and must not
 * block. Every future completes — at the latest when {@code requestDeadlineMs} passes or the client
 * is closed.
 *
 * <p><b>Bounded.</b> At most {@code inFlightMax} requests are held at once. {@link #submitAsync}
 * never waits: beyond the bound it returns an already completed {@link Outcome.Rejected}. The
 * blocking calls ({@link #submit}, {@link #execute} and the typed helpers) wait for room instead.
 *
 * <p>The connection is made on the first request (or by {@link #connect()}), to server 0 or, with
 * {@code ConnectRandom}, a random one.
 */
public final class IosClient implements AutoCloseable {

    private final List<ClientLoop.Endpoint> servers;
    private final ClientOptions options;
    private final long clientId;
    private final Semaphore inFlight;
    private final ClientLoop loop;
    private final Thread loopThread;
    private final Object submitLock = new Object();
    private boolean closed; // guarded by submitLock: nothing is posted after Shutdown

    private IosClient(List<ClientLoop.Endpoint> servers, ClientOptions options, ClientIdentity identity, long seed) {
        this.servers = List.copyOf(servers);
        this.options = options;
        this.clientId = identity.clientId();
        this.inFlight = new Semaphore(options.inFlightMax());
        this.loop = new ClientLoop(this.servers, options, identity, seed, inFlight::release);
        this.loopThread = new Thread(loop, "ios-client-" + clientId);
        loopThread.setDaemon(true);
        loopThread.start();
    }

    /**
     * A client of the servers in {@code addresses} (their client ports), with Ios's client config,
     * the default bounds of {@link ClientOptions#from} and a random identity. Does not connect yet.
     */
    public static IosClient create(AddressConfig addresses, ClientConfig config) {
        return builder().servers(addresses).options(ClientOptions.from(config)).build();
    }

    /** A builder; {@link Builder#servers} must be called, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link IosClient}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private final List<ClientLoop.Endpoint> servers = new ArrayList<>();
        private ClientOptions options = ClientOptions.defaults();
        private ClientIdentity identity;
        private Long seed;

        private Builder() {}

        /** The servers of an address file, in id order, reached on their client ports. */
        public Builder servers(AddressConfig addresses) {
            servers.clear();
            for (ServerAddress server : addresses.servers()) {
                servers.add(new ClientLoop.Endpoint(server.host(), server.clientPort()));
            }
            return this;
        }

        /**
         * Servers as {@code host:port} client endpoints ({@code [v6]:port} for IPv6), in id order —
         * the order master hints refer to.
         *
         * @throws IllegalArgumentException if one is not {@code host:port} with a port 1 to 65535
         */
        public Builder servers(List<String> hostPorts) {
            servers.clear();
            for (String hostPort : hostPorts) {
                int colon = hostPort.lastIndexOf(':');
                if (colon <= 0 || colon == hostPort.length() - 1) {
                    throw new IllegalArgumentException("not host:port: " + hostPort);
                }
                String host = hostPort.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not host:port: " + hostPort);
                }
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("port out of range 1 to 65535: " + hostPort);
                }
                servers.add(new ClientLoop.Endpoint(host, port));
            }
            return this;
        }

        /** Timeouts, retries and bounds; default {@link ClientOptions#defaults()}. */
        public Builder options(ClientOptions value) {
            options = Objects.requireNonNull(value, "options");
            return this;
        }

        /** Who the client is; default {@link ClientIdentity#random()}. */
        public Builder identity(ClientIdentity value) {
            identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** Seeds the order {@code ConnectRandom} visits servers in (tests); default from {@link SecureRandom}. */
        public Builder randomSeed(long value) {
            seed = value;
            return this;
        }

        /**
         * A client with its loop thread started; it connects on its first request.
         *
         * @throws IllegalStateException if no servers were given
         */
        public IosClient build() {
            if (servers.isEmpty()) {
                throw new IllegalStateException("no servers: call servers(...) first");
            }
            return new IosClient(servers, options, identity != null ? identity : ClientIdentity.random(),
                    seed != null ? seed : new SecureRandom().nextLong());
        }
    }

    /** The {@code ClientID} this client sends. */
    public long clientId() {
        return clientId;
    }

    /** The options this client was built with. */
    public ClientOptions options() {
        return options;
    }

    /** The servers' client endpoints as {@code host:port}, in id order. */
    public List<String> servers() {
        List<String> out = new ArrayList<>();
        for (ClientLoop.Endpoint endpoint : servers) {
            out.add(endpoint.toString());
        }
        return out;
    }

    /** The id of the server the client is connected to right now, or -1. */
    public int connectedServer() {
        return loop.connectedServer();
    }

    /**
     * Connects now if not connected, trying servers as a request would. Returns true once connected,
     * false if no server accepted within {@code connectRoundsMax} rounds or the client is closed.
     * Blocks at most about {@code servers × connectRoundsMax × (Timeout + Backoff)}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean connect() throws InterruptedException {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (submitLock) {
            if (closed) {
                return false;
            }
            loop.post(new ClientLoop.ConnectWanted(done));
        }
        return await(done);
    }

    /**
     * Sends a command and returns its outcome without waiting. For {@code kv-store} the command is
     * parsed locally first: a line that is not a command ends {@link Outcome.Rejected} without being
     * sent, and the read-only flag comes from the command. Never throws for a non-null command and
     * never blocks: with {@code inFlightMax} requests held, or after {@link #close()}, the future is
     * already completed {@link Outcome.Rejected}.
     */
    public CompletableFuture<Outcome> submitAsync(String command) {
        Objects.requireNonNull(command, "command");
        if (options.application() == Application.KV_STORE) {
            ParseResult parsed = CommandParser.parse(command);
            if (parsed instanceof ParseResult.Invalid invalid) {
                return CompletableFuture.completedFuture(
                        new Outcome.Rejected(Responses.NOT_RECOGNISED + ": " + invalid.reason(), 0, 0));
            }
            return submitAsync(command, ((ParseResult.Parsed) parsed).command().isReadOnly());
        }
        return submitAsync(command, false);
    }

    /**
     * Sends {@code command} exactly as given with Ios's {@code ReadOnly} flag, unchecked (for
     * applications other than the key-value store). Otherwise as {@link #submitAsync(String)}.
     */
    public CompletableFuture<Outcome> submitAsync(String command, boolean readOnly) {
        Objects.requireNonNull(command, "command");
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(new Outcome.Rejected(
                    "too many requests in flight (inFlightMax " + options.inFlightMax() + ")", 0, 0));
        }
        return enqueue(command, readOnly);
    }

    /**
     * Sends a command and waits for its outcome; waits for room when {@code inFlightMax} requests
     * are held. Returns within about {@code requestDeadlineMs} (plus one connection attempt).
     *
     * @throws InterruptedException if interrupted while waiting (the request, if sent, carries on)
     */
    public Outcome submit(String command) throws InterruptedException {
        Objects.requireNonNull(command, "command");
        if (options.application() == Application.KV_STORE) {
            ParseResult parsed = CommandParser.parse(command);
            if (parsed instanceof ParseResult.Invalid invalid) {
                return new Outcome.Rejected(Responses.NOT_RECOGNISED + ": " + invalid.reason(), 0, 0);
            }
            return submit(command, ((ParseResult.Parsed) parsed).command().isReadOnly());
        }
        return submit(command, false);
    }

    /** {@link #submit(String)} for a command sent as given with Ios's {@code ReadOnly} flag. */
    public Outcome submit(String command, boolean readOnly) throws InterruptedException {
        Objects.requireNonNull(command, "command");
        inFlight.acquire();
        return await(enqueue(command, readOnly));
    }

    /**
     * Sends a command and returns the server's response.
     *
     * @throws OutcomeException if the request was rejected or ended indeterminate
     * @throws InterruptedException if interrupted while waiting
     */
    public String execute(String command) throws OutcomeException, InterruptedException {
        Outcome outcome = submit(command);
        if (outcome instanceof Outcome.Success success) {
            return success.response();
        }
        throw new OutcomeException(outcome);
    }

    /**
     * The value of {@code key}, or empty if absent. Sent as {@code exists K; get K}, one atomic
     * command, so a value that reads {@code key not found} is still told apart from a missing key.
     *
     * @throws OutcomeException if the request was rejected or ended indeterminate
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<String> get(String key) throws OutcomeException, InterruptedException {
        String response = execute(CommandFormatter.format(
                new Command.Joined(List.of(new Command.Exists(key), new Command.Get(key)))));
        String present = "true" + Responses.JOIN;
        if (response.startsWith(present)) {
            return Optional.of(response.substring(present.length()));
        }
        if (response.equals("false" + Responses.JOIN + Responses.KEY_NOT_FOUND)) {
            return Optional.empty();
        }
        throw new IllegalStateException("unexpected answer to get " + key + ": " + response);
    }

    /** True if {@code key} is present. Throws as {@link #execute}. */
    public boolean exists(String key) throws OutcomeException, InterruptedException {
        return Boolean.parseBoolean(execute(CommandFormatter.format(new Command.Exists(key))));
    }

    /** Sets {@code key} to {@code value}. Throws as {@link #execute}. */
    public void update(String key, String value) throws OutcomeException, InterruptedException {
        execute(CommandFormatter.format(new Command.Update(key, value)));
    }

    /** Removes {@code key} if present. Throws as {@link #execute}. */
    public void delete(String key) throws OutcomeException, InterruptedException {
        execute(CommandFormatter.format(new Command.Delete(key)));
    }

    /**
     * The number of keys. Throws as {@link #execute}, and {@link IllegalStateException} if the
     * server answers something that is not a number.
     */
    public long count() throws OutcomeException, InterruptedException {
        String response = execute(CommandFormatter.format(new Command.Count()));
        try {
            return Long.parseLong(response);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unexpected answer to count: " + response, e);
        }
    }

    /** Every pair as Ios prints them ({@code K, V\n} in key order). Throws as {@link #execute}. */
    public String print() throws OutcomeException, InterruptedException {
        return execute(CommandFormatter.format(new Command.Print()));
    }

    /**
     * Closes the connection and ends every pending request {@link Outcome.Why#CLOSED}; later
     * requests are {@link Outcome.Rejected}. Idempotent; waits at most about one {@code Timeout} for
     * the loop thread to stop.
     */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
            loop.post(new ClientLoop.Shutdown());
        }
        try {
            loopThread.join(options.timeoutMs() + 1_000L);
            if (loopThread.isAlive()) {
                loopThread.interrupt();
                loopThread.join(1_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Outcome> enqueue(String command, boolean readOnly) {
        PendingRequest request = new PendingRequest(command, readOnly, System.nanoTime());
        synchronized (submitLock) {
            if (closed) {
                inFlight.release();
                return CompletableFuture.completedFuture(new Outcome.Rejected("the client is closed", 0, 0));
            }
            loop.post(new ClientLoop.Submitted(request));
        }
        return request.future;
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // The loop completes futures normally only; anything else is a bug in this class.
            throw new IllegalStateException("client future failed", e.getCause());
        }
    }
}
