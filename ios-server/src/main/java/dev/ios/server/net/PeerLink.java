package dev.ios.server.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's outbound connection to one peer: dials, handshakes, and redials with exponential
 * backoff (with jitter, so servers restarted together do not dial in lockstep) until the transport
 * closes. At most one connection attempt is under way at a time; callbacks run on event-loop
 * threads, one after the other.
 */
final class PeerLink {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private final NettyPeerTransport transport;
    private final int peerId;
    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    // The handshaken connection that send() uses, or null while there is none.
    private volatile Channel ready;
    // Failed attempts since the last handshake that succeeded; sets the backoff.
    private volatile int failures;

    PeerLink(NettyPeerTransport transport, int peerId, InetSocketAddress address) {
        this.transport = transport;
        this.peerId = peerId;
        this.address = address;
        int queueMax = transport.options().outboundQueueBytesMax();
        this.bootstrap = new Bootstrap()
                .group(transport.loops().group())
                .channel(transport.loops().channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(queueMax / 2, queueMax))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!transport.track(ch)) {
                            return;
                        }
                        // The decoder keeps the handshake-sized limit: nothing but the answer may arrive here.
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true),
                                new PeerFrameDecoder(PeerHandshake.BYTES_MAX),
                                new DialedPeerHandler(transport, PeerLink.this));
                    }
                });
    }

    int peerId() {
        return peerId;
    }

    Channel ready() {
        return ready;
    }

    /** Starts one connection attempt; a failure schedules the next. */
    void connect() {
        if (transport.isClosed()) {
            return;
        }
        ChannelFuture attempt;
        try {
            attempt = bootstrap.connect(address);
        } catch (RejectedExecutionException e) {
            return; // the event loops are shutting down
        }
        attempt.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                LOG.debug("server={} peer dial failed peer={} address={} error={}", transport.serverId(), peerId,
                        address, String.valueOf(f.cause()));
                scheduleReconnect();
                return;
            }
            f.channel().closeFuture().addListener(c -> onClosed(f.channel()));
        });
    }

    /** The peer answered the handshake: {@code channel} now carries messages. */
    void onReady(Channel channel) {
        failures = 0;
        ready = channel;
        LOG.info("server={} peer connected peer={} address={}", transport.serverId(), peerId, address);
    }

    private void onClosed(Channel channel) {
        if (ready == channel) {
            ready = null;
            LOG.info("server={} peer disconnected peer={} address={}", transport.serverId(), peerId, address);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (transport.isClosed()) {
            return;
        }
        PeerTransportOptions options = transport.options();
        int attempt = failures;
        failures = attempt + 1;
        long delayMs = Math.min(options.reconnectBackoffMaxMs(),
                (long) options.reconnectBackoffMinMs() << Math.min(attempt, 20));
        long jitteredMs = delayMs / 2 + ThreadLocalRandom.current().nextLong(delayMs / 2 + 1);
        try {
            transport.loops().group().schedule(this::connect, jitteredMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The event loops are shutting down: nothing left to reconnect for.
        }
    }
}
