package dev.ios.server;

import dev.ios.consensus.quorum.QuorumSystems;
import dev.ios.consensus.replica.ReplicaConfig;
import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import dev.ios.server.api.ServerStatus;
import dev.ios.server.net.PeerInbound;
import dev.ios.server.net.PeerTransport;
import dev.ios.server.runtime.ReplicaRuntime;
import dev.ios.server.runtime.RuntimeListener;
import dev.ios.server.runtime.RuntimeOptions;
import dev.ios.storage.DataDirectory;
import dev.ios.storage.PersistenceMode;
import dev.ios.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One running replica embedded in your JVM: the embedding API (DESIGN.md "Modules").
 *
 * <pre>{@code
 * IosNode node = IosNode.builder()
 *         .serverId(0)
 *         .serverCount(3)
 *         .quorumSystem("strict majority")
 *         .dataDirectory(Path.of("data/0"))
 *         .stateMachine(new MyCounter())
 *         .transport(inbound -> myTransportFor(0, inbound))
 *         .start();
 * byte[] response = node.submit("add 5".getBytes()).join();
 * }</pre>
 *
 * <p>{@link #submit} may be called from any thread; the future completes on the node's replica
 * thread (do not block in its callbacks) with the state machine's response, or exceptionally with
 * an {@link IosRequestException}. By default any node takes requests and forwards them to the
 * master ({@code participantHandle}), so it does not matter which node you submit to.
 */
public final class IosNode implements AutoCloseable {

    private final ReplicaRuntime runtime;
    private final DataDirectory directory;
    private final long clientId;
    private final AtomicLong requestIds = new AtomicLong();

    private IosNode(ReplicaRuntime runtime, DataDirectory directory) {
        this.runtime = runtime;
        this.directory = directory;
        // A fresh random client id per node incarnation: a restarted node never reuses a request
        // id under its old client id, so the state machine's sessions never confuse the two.
        this.clientId = new SecureRandom().nextLong() & Long.MAX_VALUE;
    }

    /** A builder; {@code serverId}, {@code serverCount}, a data directory, a state machine and a transport are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Replicates {@code command}, applies it everywhere, and completes with this node's response. */
    public CompletableFuture<byte[]> submit(byte[] command) {
        return call(command, false);
    }

    /**
     * Runs a read-only {@code command}: through the log, or with {@code participantRead} locally
     * after a read-index round — linearizable either way.
     */
    public CompletableFuture<byte[]> read(byte[] command) {
        return call(command, true);
    }

    private CompletableFuture<byte[]> call(byte[] command, boolean readOnly) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        runtime.submit(new ClientRequest(clientId, requestIds.incrementAndGet(), readOnly, false, command.clone()),
                reply -> {
                    if (reply.outcome() == ClientReply.Outcome.SUCCESS) {
                        future.complete(reply.response());
                    } else {
                        future.completeExceptionally(new IosRequestException(reply.outcome(),
                                new String(reply.response(), StandardCharsets.UTF_8), reply.masterHint()));
                    }
                });
        return future;
    }

    /** This node's view, role, master and progress (any thread; refreshed every tick). */
    public ServerStatus status() {
        return runtime.status();
    }

    /** Stops the node; futures still waiting complete with {@code INDETERMINATE}. */
    @Override
    public void close() {
        runtime.close();
        directory.close();
    }

    /** Collects a node's settings; {@link #start} validates them and starts the node. */
    public static final class Builder {
        private int serverId = -1;
        private int serverCount;
        private String quorumSystem = "strict majority";
        private Path dataDirectory;
        private StorageOptions storage = StorageOptions.defaults();
        private StateMachine stateMachine;
        private Function<PeerInbound, PeerTransport> transport;
        private RuntimeOptions runtimeOptions = RuntimeOptions.defaults();
        private Function<ReplicaConfig, ReplicaConfig> tuning = Function.identity();
        private RuntimeListener listener = RuntimeListener.NONE;
        private Consumer<String> onHalt = why -> { };

        private Builder() {}

        /** This node's id, {@code 0..serverCount-1}. */
        public Builder serverId(int id) {
            this.serverId = id;
            return this;
        }

        /** How many servers the cluster has. */
        public Builder serverCount(int count) {
            this.serverCount = count;
            return this;
        }

        /** A quorum system by its Ios name (default {@code strict majority}); checked for safety. */
        public Builder quorumSystem(String name) {
            this.quorumSystem = Objects.requireNonNull(name);
            return this;
        }

        /** Where this node keeps its view, log and snapshot files (one directory per node). */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** How writes are made durable (default {@code fsync}); {@code none} is unsafe. */
        public Builder persistenceMode(PersistenceMode mode) {
            this.storage = storage.withMode(mode);
            return this;
        }

        /** The application to replicate. The node owns it from now on: call it only through the node. */
        public Builder stateMachine(StateMachine machine) {
            this.stateMachine = machine;
            return this;
        }

        /** How this node reaches its peers, given where inbound messages go. */
        public Builder transport(Function<PeerInbound, PeerTransport> factory) {
            this.transport = factory;
            return this;
        }

        /** Runtime options: tick length, queue sizes, snapshot interval. */
        public Builder runtimeOptions(RuntimeOptions options) {
            this.runtimeOptions = Objects.requireNonNull(options);
            return this;
        }

        /** Adjusts the protocol configuration (delegation, batching, window, timers) built from the rest. */
        public Builder tuning(Function<ReplicaConfig, ReplicaConfig> adjust) {
            this.tuning = Objects.requireNonNull(adjust);
            return this;
        }

        /** Observes the runtime (metrics, tests). */
        public Builder listener(RuntimeListener observer) {
            this.listener = Objects.requireNonNull(observer);
            return this;
        }

        /** Told why, once, if the node halts (storage failure or invariant violation). */
        public Builder onHalt(Consumer<String> handler) {
            this.onHalt = Objects.requireNonNull(handler);
            return this;
        }

        /**
         * Recovers from the data directory and starts the node.
         *
         * @throws IllegalArgumentException for a missing or invalid setting (the message says which)
         * @throws dev.ios.consensus.storage.StorageException if the data directory is corrupt or locked
         */
        public IosNode start() {
            if (serverCount < 1 || serverId < 0 || serverId >= serverCount) {
                throw new IllegalArgumentException("serverId must be 0.." + (serverCount - 1) + " and serverCount >= 1");
            }
            if (dataDirectory == null || stateMachine == null || transport == null) {
                throw new IllegalArgumentException("dataDirectory, stateMachine and transport must be set");
            }
            ReplicaConfig config = tuning.apply(ReplicaConfig.simple(QuorumSystems.parse(quorumSystem, serverCount))
                    .withAlgorithm(0, false, true, false, false, true, false)
                    .withTimers(10, 100, 20, 10, 1_000));
            DataDirectory directory = DataDirectory.open(dataDirectory, storage);
            try {
                ReplicaRuntime runtime = new ReplicaRuntime(serverId, config, runtimeOptions, stateMachine,
                        directory.view(), directory.log(), directory.snapshots(), transport, listener, onHalt);
                runtime.start();
                return new IosNode(runtime, directory);
            } catch (RuntimeException e) {
                directory.close();
                throw e;
            }
        }
    }
}
