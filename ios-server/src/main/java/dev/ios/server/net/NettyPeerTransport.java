package dev.ios.server.net;

import dev.ios.config.AddressConfig;
import dev.ios.config.ServerAddress;
import dev.ios.consensus.message.Envelope;
import dev.ios.consensus.message.Message;
import dev.ios.consensus.message.MessageCodec;
import dev.ios.server.metrics.Metrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer transport on Netty: length-prefixed binary frames, a handshake naming protocol version,
 * cluster id and server ids, reconnection with exponential backoff (README, "Peer protocol").
 *
 * <p><b>Connections.</b> Each server dials every other server and sends only on the connections it
 * dialed; it receives only on the connections it accepted. So a pair of servers uses two TCP
 * connections, one per direction, and nobody has to break ties between simultaneous dials. A
 * dialed connection carries messages only once the acceptor has answered the handshake, so a
 * message never goes to a server of another cluster or with another id than intended.
 *
 * <p><b>Refusals.</b> A connection whose handshake has another cluster id, another protocol
 * version, an id outside {@code 0..N-1} (or this server's own), names another receiver, is
 * garbage, declares a frame longer than allowed, does not complete in time, or later sends a
 * message that does not decode, is closed, counted ({@link #refusedConnections()}) and logged at
 * WARN (rate-limited). Nothing a peer sends makes this class throw.
 *
 * <p><b>Threads.</b> {@link #send} is called from any thread (the runtime's replica thread) and
 * never blocks; {@link PeerInbound#onMessage} is called on event-loop threads; the rest is
 * thread-safe.
 */
public final class NettyPeerTransport implements PeerTransport {

    /** The peer protocol version this build speaks (the handshake's version field). */
    public static final int PROTOCOL_VERSION = PeerHandshake.VERSION;

    private static final Logger LOG = LoggerFactory.getLogger(NettyPeerTransport.class);

    private final int serverId;
    private final String clusterId;
    private final PeerInbound inbound;
    private final PeerTransportOptions options;
    private final NettyLoops loops;
    private final Metrics metrics;
    private final PeerLink[] links;
    // The newest authenticated inbound connection of each peer (for logs).
    private final AtomicReferenceArray<Channel> accepted;
    private final ChannelGroup channels = new DefaultChannelGroup("peers", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final RateLimitedWarn warn = new RateLimitedWarn(LOG, 1000);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile boolean closed;

    /**
     * Listens for peers and starts dialing every other server. Returns once listening; connections
     * come up in the background ({@link #isConnected}).
     *
     * @param serverId this server's id, an index into {@code peers}
     * @param peers every server's peer address, indexed by server id (this server's entry is where
     *     it listens unless {@code options.listen()} says otherwise)
     * @param clusterId this cluster's id; peers with another one are refused
     * @param inbound receives every message from an authenticated peer, on an event-loop thread
     * @param options tuning; {@link PeerTransportOptions#DEFAULTS} is a good start
     * @param loops the server's event loops; not closed by {@link #close}
     * @param metrics counts dropped messages
     * @throws IllegalArgumentException on a bad id, an empty or over-long cluster id
     * @throws IllegalStateException if it cannot listen (e.g. the port is taken)
     */
    public NettyPeerTransport(int serverId, List<InetSocketAddress> peers, String clusterId, PeerInbound inbound,
            PeerTransportOptions options, NettyLoops loops, Metrics metrics) {
        if (serverId < 0 || serverId >= peers.size()) {
            throw new IllegalArgumentException("serverId " + serverId + " is not in 0.." + (peers.size() - 1));
        }
        if (clusterId.isEmpty() || clusterId.length() > 255 || !clusterId.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("clusterId must be 1 to 255 printable ASCII characters: " + clusterId);
        }
        this.serverId = serverId;
        this.clusterId = clusterId;
        this.inbound = inbound;
        this.options = options;
        this.loops = loops;
        this.metrics = metrics;
        this.accepted = new AtomicReferenceArray<>(peers.size());
        InetSocketAddress listen = options.listen() != null ? options.listen() : peers.get(serverId);
        this.serverChannel = listen(listen);
        this.links = new PeerLink[peers.size()];
        for (int id = 0; id < peers.size(); id++) {
            if (id != serverId) {
                links[id] = new PeerLink(this, id, peers.get(id));
            }
        }
        LOG.info("server={} peer transport listening address={} peers={} cluster={}", serverId,
                serverChannel.localAddress(), peers.size() - 1, clusterId);
        for (PeerLink link : links) {
            if (link != null) {
                link.connect();
            }
        }
    }

    /** Every server's peer address from an address file, indexed by server id (unresolved). */
    public static List<InetSocketAddress> peerAddresses(AddressConfig config) {
        List<InetSocketAddress> out = new ArrayList<>(config.serverCount());
        for (ServerAddress server : config.servers()) {
            out.add(InetSocketAddress.createUnresolved(server.host(), server.peerPort()));
        }
        return out;
    }

    private Channel listen(InetSocketAddress address) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelClass())
                // A restarted server must get its port back while old connections sit in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Keepalive eventually notices a peer whose host vanished without closing the connection.
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!track(ch)) {
                            return;
                        }
                        PeerFrameDecoder decoder = new PeerFrameDecoder(options.frameBytesMax());
                        ch.pipeline().addLast(decoder, new AcceptedPeerHandler(NettyPeerTransport.this, decoder));
                    }
                });
        InetSocketAddress resolved = address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        ChannelFuture bound = bootstrap.bind(resolved).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("server " + serverId + " cannot listen for peers on " + address, bound.cause());
        }
        return bound.channel();
    }

    /**
     * Encodes {@code envelope.message()} into a pooled buffer and queues it on the connection to
     * {@code envelope.to()}; drops it (counted in {@link #droppedMessages()} and {@link
     * Metrics#droppedPeerMessage()}) if that peer is not connected, its queue is over {@link
     * PeerTransportOptions#outboundQueueBytesMax()}, the message is larger than a frame may be, or
     * {@code to} is not another server of the cluster. Any thread; never blocks, never throws.
     */
    @Override
    public void send(Envelope envelope) {
        int to = envelope.to();
        PeerLink link = to >= 0 && to < links.length ? links[to] : null;
        Channel channel = link == null ? null : link.ready();
        if (channel == null || !channel.isWritable()) {
            drop();
            return;
        }
        Message message = envelope.message();
        int size = MessageCodec.size(message);
        if (size > options.frameBytesMax()) {
            warn.warn("server={} peer message dropped reason=too-large to={} bytes={} max={}", serverId, to, size,
                    options.frameBytesMax());
            drop();
            return;
        }
        ByteBuf frame = channel.alloc().directBuffer(4 + size);
        try {
            frame.writeInt(size);
            // MessageCodec writes straight into the pooled buffer's memory: no intermediate array.
            MessageCodec.write(message, frame.nioBuffer(4, size));
            frame.writerIndex(4 + size);
        } catch (RuntimeException e) {
            frame.release();
            warn.warn("server={} peer message dropped reason=encode-failed to={} error={}", serverId, to, e.toString());
            drop();
            return;
        }
        // A failed write releases the frame and reaches DialedPeerHandler.exceptionCaught, which closes.
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    private void drop() {
        dropped.increment();
        metrics.droppedPeerMessage();
    }

    /** True if this server's dialed connection to {@code peerId} is up and handshaken. Any thread. */
    public boolean isConnected(int peerId) {
        PeerLink link = peerId >= 0 && peerId < links.length ? links[peerId] : null;
        return link != null && link.ready() != null;
    }

    /** The port this transport accepts peers on (useful when listening on port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Messages dropped by {@link #send} so far. */
    public long droppedMessages() {
        return dropped.sum();
    }

    /** Connections refused so far (bad handshake, garbage, oversized frames, timeouts). */
    public long refusedConnections() {
        return refused.sum();
    }

    /** Stops listening, stops redialling and closes every connection; idempotent. Any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        LOG.info("server={} peer transport closed dropped={} refused={}", serverId, dropped.sum(), refused.sum());
    }

    // ---- for the handlers and links of this package ----

    int serverId() {
        return serverId;
    }

    int serverCount() {
        return links.length;
    }

    String clusterId() {
        return clusterId;
    }

    PeerTransportOptions options() {
        return options;
    }

    NettyLoops loops() {
        return loops;
    }

    boolean isClosed() {
        return closed;
    }

    /** Registers a new channel so {@link #close} closes it; false (and closes it) if already closed. */
    boolean track(Channel channel) {
        if (closed) {
            channel.close();
            return false;
        }
        channels.add(channel);
        return true;
    }

    PeerHandshake ownHandshake(int to) {
        return new PeerHandshake(PeerHandshake.VERSION, clusterId, serverId, to);
    }

    /** Why {@code h} is not acceptable from a peer expected to be {@code expectedFrom} (-1: any), or null. */
    String handshakeProblem(PeerHandshake h, int expectedFrom) {
        if (h == null) {
            return "garbage";
        }
        if (h.version() != PeerHandshake.VERSION) {
            return "version";
        }
        if (!h.clusterId().equals(clusterId)) {
            return "cluster";
        }
        if (h.from() < 0 || h.from() >= links.length || h.from() == serverId) {
            return "unknown-id";
        }
        if (expectedFrom >= 0 && h.from() != expectedFrom) {
            return "unexpected-id";
        }
        if (h.to() != serverId) {
            return "wrong-receiver";
        }
        return null;
    }

    void refuse(Channel channel, String reason, Object detail) {
        refused.increment();
        warn.warn("server={} peer connection refused reason={} remote={} detail={}", serverId, reason,
                channel.remoteAddress(), detail);
        channel.close();
    }

    void onAccepted(int peerId, Channel channel) {
        // An older inbound connection from the same peer is left alone: it is dead or dying (the peer
        // sends on one dialed connection at a time) and closes by itself, while closing it here
        // would let anyone with a valid handshake cut a real peer off.
        accepted.set(peerId, channel);
        LOG.info("server={} peer accepted peer={} remote={}", serverId, peerId, channel.remoteAddress());
    }

    void onAcceptedClosed(int peerId, Channel channel) {
        if (peerId >= 0 && accepted.compareAndSet(peerId, channel, null)) {
            LOG.info("server={} peer inbound closed peer={}", serverId, peerId);
        }
    }

    void deliver(int from, Message message) {
        try {
            inbound.onMessage(from, message);
        } catch (RuntimeException e) {
            // The contract says onMessage does not throw; if it does, the message is lost, not the connection.
            warn.warn("server={} peer inbound threw from={} error={}", serverId, from, e.toString());
        }
    }

    RateLimitedWarn warn() {
        return warn;
    }
}
