package dev.ios.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ios.server.api.ClientGateway;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import dev.ios.server.api.ServerStatus;
import dev.ios.server.metrics.Metrics;
import dev.ios.server.net.NettyLoops;
import dev.ios.server.net.NettyPeerTransport;
import dev.ios.server.net.RateLimitedWarn;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional REST front end ({@code --rest-port}): {@code GET/PUT/DELETE /kv/{key}}, {@code GET
 * /status}, {@code GET /metrics}, {@code GET /version} and Ios's gateway form {@code GET
 * /request/<verb>/<args>}. Endpoints, bodies and statuses are in {@code ios-server/README.md}
 * ("REST").
 *
 * <p><b>Client id.</b> Every REST request of this server uses one client id (a random 63-bit
 * number drawn at start, so a restarted server never looks like its earlier self to the sessions)
 * and the next request id. Ids are taken and the request submitted under one lock, so the runtime
 * receives them in increasing order even when HTTP connections race; {@link ClientGateway#submit}
 * never blocks, so the lock is held only briefly.
 *
 * <p>Thread-safe. Bad requests never throw: they get a JSON {@code {"error": ...}} with a status.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final int serverId;
    private final ClientGateway gateway;
    private final Supplier<ServerStatus> status;
    private final Metrics metrics;
    private final RestOptions options;
    private final ObjectMapper json = new ObjectMapper();
    private final long clientId = new SecureRandom().nextLong() & Long.MAX_VALUE;
    private final Object submitLock = new Object();
    // Guarded by submitLock.
    private long lastRequestId;
    private final ChannelGroup channels = new DefaultChannelGroup("rest", GlobalEventExecutor.INSTANCE);
    private final RateLimitedWarn warn = new RateLimitedWarn(LOG, 1000);
    private final Channel serverChannel;
    private volatile boolean closed;

    /**
     * Starts serving HTTP; returns once listening.
     *
     * @param serverId this server, for logs and {@code /version}
     * @param gateway where key-value commands go
     * @param status supplies {@code GET /status}; called on an event-loop thread, must not block
     * @param metrics rendered by {@code GET /metrics}
     * @param options listen address and limits
     * @param loops the server's event loops; not closed by {@link #close}
     * @throws IllegalStateException if it cannot listen
     */
    public RestServer(int serverId, ClientGateway gateway, Supplier<ServerStatus> status, Metrics metrics,
            RestOptions options, NettyLoops loops) {
        this.serverId = serverId;
        this.gateway = gateway;
        this.status = status;
        this.metrics = metrics;
        this.options = options;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (closed) {
                            ch.close();
                            return;
                        }
                        channels.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(),
                                new BoundedAggregator(options.bodyBytesMax(), RestServer.this),
                                new RestHandler(RestServer.this));
                    }
                });
        ChannelFuture bound = bootstrap.bind(options.listen()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("server " + serverId + " cannot serve REST on " + options.listen(),
                    bound.cause());
        }
        serverChannel = bound.channel();
        LOG.info("server={} rest listening address={} clientId={}", serverId, serverChannel.localAddress(), clientId);
    }

    /** The port served (useful when listening on port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The client id REST requests carry. */
    public long clientId() {
        return clientId;
    }

    /** Stops listening and closes every connection; idempotent. Any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        LOG.info("server={} rest closed", serverId);
    }

    // ---- for RestHandler ----

    void submit(String command, boolean readOnly, Consumer<ClientReply> onReply) {
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        synchronized (submitLock) {
            lastRequestId++;
            try {
                gateway.submit(new ClientRequest(clientId, lastRequestId, readOnly, false, bytes), onReply);
            } catch (RuntimeException e) {
                warn.warn("server={} rest gateway threw error={}", serverId, e.toString());
                onReply.accept(new ClientReply(ClientReply.Outcome.REJECTED,
                        "internal error".getBytes(StandardCharsets.UTF_8), -1));
            }
        }
    }

    /** Counts and logs a request refused here. */
    void rejected(String reason, String detail) {
        metrics.rejectedClientRequest();
        warn.warn("server={} rest request rejected reason={} detail={}", serverId, reason, detail);
    }

    Map<String, Object> version() {
        Map<String, Object> out = new LinkedHashMap<>();
        String version = RestServer.class.getPackage().getImplementationVersion();
        out.put("name", "ios-java");
        out.put("version", version == null ? "development" : version);
        out.put("serverId", serverId);
        out.put("peerProtocol", NettyPeerTransport.PROTOCOL_VERSION);
        out.put("java", System.getProperty("java.version"));
        return out;
    }

    int serverId() {
        return serverId;
    }

    Supplier<ServerStatus> status() {
        return status;
    }

    Metrics metrics() {
        return metrics;
    }

    RestOptions options() {
        return options;
    }

    ObjectMapper json() {
        return json;
    }

    RateLimitedWarn warn() {
        return warn;
    }
}
