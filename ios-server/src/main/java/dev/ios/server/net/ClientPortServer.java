package dev.ios.server.net;

import dev.ios.config.ServerAddress;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.metrics.Metrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port: Ios JSON lines and plain command lines, detected per line, exactly as {@code
 * docs/client-protocol.md} says; requests go to a {@link ClientGateway} and answers come back in
 * request order per connection (pipelining allowed).
 *
 * <p><b>Plain client ids.</b> Each connection that sends a plain line gets its own client id:
 * a random 63-bit base drawn once when this server starts, plus a counter of such connections,
 * modulo 2^63. A restarted server draws a new base, so its ids do not collide with the sessions
 * its previous run left in the state machine (a collision would make fresh requests look stale);
 * two servers collide with probability about (connections)^2 / 2^63. Request ids count up from 1
 * per connection.
 *
 * <p><b>Bad input</b> (malformed JSON, lines over {@code maxLineBytes}, a line cut off by the end of
 * input, random bytes) is answered with an error line, counted ({@link
 * Metrics#rejectedClientRequest()}) and logged at WARN (rate-limited); the connection carries on.
 *
 * <p>Thread-safe; the gateway's {@code onReply} may be called on any thread.
 */
public final class ClientPortServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientPortServer.class);
    // Answers queued to one client beyond which the server stops reading its requests.
    private static final int ANSWER_BYTES_HIGH = 4 << 20;
    // Answers flushed at once at most: a bound on how long consolidation may hold back a write.
    private static final int FLUSHES_PER_WRITE_MAX = 256;

    private final int serverId;
    private final List<ServerAddress> servers;
    private final ClientGateway gateway;
    private final ClientPortOptions options;
    private final Metrics metrics;
    private final long plainClientIdBase = new SecureRandom().nextLong() & Long.MAX_VALUE;
    private final AtomicLong plainConnections = new AtomicLong();
    private final AtomicLong openConnections = new AtomicLong();
    private final ChannelGroup channels = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final RateLimitedWarn warn = new RateLimitedWarn(LOG, 1000);
    private final Channel serverChannel;
    private volatile boolean closed;

    /**
     * Starts listening; returns once the port is open.
     *
     * @param serverId this server, for logs
     * @param servers every server's address, indexed by id: a NOT_MASTER answer on a plain line
     *     names the master's client address from it
     * @param gateway where requests go
     * @param options listen address and limits
     * @param loops the server's event loops; not closed by {@link #close}
     * @param metrics counts requests rejected here
     * @throws IllegalStateException if it cannot listen
     */
    public ClientPortServer(int serverId, List<ServerAddress> servers, ClientGateway gateway, ClientPortOptions options,
            NettyLoops loops, Metrics metrics) {
        this.serverId = serverId;
        this.servers = List.copyOf(servers);
        this.gateway = gateway;
        this.options = options;
        this.metrics = metrics;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Half-closure lets "printf 'get A\n' | nc -N" get its answer after it stops sending.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(ANSWER_BYTES_HIGH / 2, ANSWER_BYTES_HIGH))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (closed) {
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        openConnections.incrementAndGet();
                        // First, so it sees the reads: the answers one batch of commits completes on
                        // a connection (clients sharing it, or pipelining) leave in one write system
                        // call, flushed once the event loop has run what is queued, not one per answer.
                        ch.pipeline().addLast(new FlushConsolidationHandler(FLUSHES_PER_WRITE_MAX, true),
                                new ClientLineDecoder(options.maxLineBytes()),
                                new ClientConnectionHandler(ClientPortServer.this));
                    }
                });
        ChannelFuture bound = bootstrap.bind(options.listen()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("server " + serverId + " cannot listen for clients on " + options.listen(),
                    bound.cause());
        }
        serverChannel = bound.channel();
        LOG.info("server={} client port listening address={} maxLineBytes={}", serverId, serverChannel.localAddress(),
                options.maxLineBytes());
    }

    /** The port clients connect to (useful when listening on port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Client connections open now. */
    public long openConnections() {
        return openConnections.get();
    }

    /** Stops listening and closes every client connection; idempotent. Any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        LOG.info("server={} client port closed", serverId);
    }

    // ---- for ClientConnectionHandler ----

    long nextPlainClientId() {
        return (plainClientIdBase + plainConnections.incrementAndGet()) & Long.MAX_VALUE;
    }

    void onDisconnected() {
        openConnections.decrementAndGet();
    }

    int serverId() {
        return serverId;
    }

    List<ServerAddress> servers() {
        return servers;
    }

    ClientGateway gateway() {
        return gateway;
    }

    ClientPortOptions options() {
        return options;
    }

    Metrics metrics() {
        return metrics;
    }

    RateLimitedWarn warn() {
        return warn;
    }
}
