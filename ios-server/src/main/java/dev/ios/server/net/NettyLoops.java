package dev.ios.server.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops and channel types every front end of one server shares: the one place that
 * decides between the native transports (epoll by default when available; io_uring when asked
 * with {@code -Dios.transport=io_uring}) and NIO, and logs which.
 *
 * <p>The epoll classes are reached by reflection because {@code netty-transport-classes-epoll}
 * is only a runtime dependency of this module (it comes with the native jar); with it on the
 * compile classpath this would be plain calls.
 *
 * <p>Create one per server, hand it to {@link NettyPeerTransport}, {@link ClientPortServer} and the
 * REST server, close those first and this last. Thread-safe.
 */
public final class NettyLoops implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NettyLoops.class);

    private static final String EPOLL = "io.netty.channel.epoll.";
    private static final String URING = "io.netty.channel.uring.";

    /** The system property that picks the transport: {@code auto} (default), {@code io_uring}, {@code epoll}, {@code nio}. */
    public static final String TRANSPORT_PROPERTY = "ios.transport";

    private final MultiThreadIoEventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final Class<? extends SocketChannel> channelClass;
    private final boolean nativeTransport;

    private NettyLoops(MultiThreadIoEventLoopGroup group, Class<? extends ServerChannel> serverChannelClass,
            Class<? extends SocketChannel> channelClass, boolean nativeTransport) {
        this.group = group;
        this.serverChannelClass = serverChannelClass;
        this.channelClass = channelClass;
        this.nativeTransport = nativeTransport;
    }

    /**
     * Starts {@code threads} event-loop threads named {@code name-N}, on epoll if available.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static NettyLoops create(String name, int threads) {
        return create(name, threads, System.getProperty(TRANSPORT_PROPERTY, "auto"));
    }

    /**
     * Starts {@code threads} event-loop threads named {@code name-N} on the given transport:
     * {@code io_uring}, {@code epoll}, {@code nio}, or {@code auto} (epoll if available, else NIO).
     * A native transport that is not available falls back to NIO, with the reason logged.
     *
     * @throws IllegalArgumentException if {@code threads < 1} or the transport is unknown
     */
    public static NettyLoops create(String name, int threads, String transport) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        String prefix;
        String simpleName;
        switch (transport) {
            case "io_uring":
                prefix = URING;
                simpleName = "IoUring";
                break;
            case "epoll":
            case "auto":
                prefix = EPOLL;
                simpleName = "Epoll";
                break;
            case "nio":
                prefix = null;
                simpleName = null;
                break;
            default:
                throw new IllegalArgumentException(TRANSPORT_PROPERTY + " must be auto, io_uring, epoll or nio, was "
                        + transport);
        }
        IoHandlerFactory factory = NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = NioServerSocketChannel.class;
        Class<? extends SocketChannel> channel = NioSocketChannel.class;
        String chosen = "nio";
        String reason = "asked for";
        if (prefix != null) {
            try {
                Class<?> check = Class.forName(prefix + simpleName);
                if ((Boolean) check.getMethod("isAvailable").invoke(null)) {
                    factory = (IoHandlerFactory) Class.forName(prefix + simpleName + "IoHandler").getMethod("newFactory")
                            .invoke(null);
                    serverChannel = Class.forName(prefix + simpleName + "ServerSocketChannel").asSubclass(ServerChannel.class);
                    channel = Class.forName(prefix + simpleName + "SocketChannel").asSubclass(SocketChannel.class);
                    chosen = transport.equals("auto") ? "epoll" : transport;
                    reason = "available";
                } else {
                    reason = String.valueOf(check.getMethod("unavailabilityCause").invoke(null));
                }
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                factory = NioIoHandler.newFactory();
                serverChannel = NioServerSocketChannel.class;
                channel = NioSocketChannel.class;
                reason = e.toString();
            }
        }
        var group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
        LOG.info("event loops name={} threads={} transport={} reason={}", name, threads, chosen, reason);
        return new NettyLoops(group, serverChannel, channel, !chosen.equals("nio"));
    }

    /** The event loops. */
    public MultiThreadIoEventLoopGroup group() {
        return group;
    }

    /** True if the loops use a native transport (epoll or io_uring), false for NIO. */
    public boolean isNative() {
        return nativeTransport;
    }

    /** The server-socket channel class matching the loops. */
    public Class<? extends ServerChannel> serverChannelClass() {
        return serverChannelClass;
    }

    /** The client-socket channel class matching the loops. */
    public Class<? extends SocketChannel> channelClass() {
        return channelClass;
    }

    /** Shuts the loops down and waits up to two seconds for their threads; idempotent. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
