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
 * decides between epoll (when {@link Epoll#isAvailable()}) and NIO, and logs which.
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

    private final MultiThreadIoEventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final Class<? extends SocketChannel> channelClass;
    private final boolean epoll;

    private NettyLoops(MultiThreadIoEventLoopGroup group, Class<? extends ServerChannel> serverChannelClass,
            Class<? extends SocketChannel> channelClass, boolean epoll) {
        this.group = group;
        this.serverChannelClass = serverChannelClass;
        this.channelClass = channelClass;
        this.epoll = epoll;
    }

    /**
     * Starts {@code threads} event-loop threads named {@code name-N}, on epoll if available.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static NettyLoops create(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        IoHandlerFactory factory = NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = NioServerSocketChannel.class;
        Class<? extends SocketChannel> channel = NioSocketChannel.class;
        String reason;
        boolean epoll = false;
        try {
            Class<?> epollClass = Class.forName(EPOLL + "Epoll");
            if ((Boolean) epollClass.getMethod("isAvailable").invoke(null)) {
                factory = (IoHandlerFactory) Class.forName(EPOLL + "EpollIoHandler").getMethod("newFactory").invoke(null);
                serverChannel = Class.forName(EPOLL + "EpollServerSocketChannel").asSubclass(ServerChannel.class);
                channel = Class.forName(EPOLL + "EpollSocketChannel").asSubclass(SocketChannel.class);
                epoll = true;
                reason = "available";
            } else {
                reason = String.valueOf(epollClass.getMethod("unavailabilityCause").invoke(null));
            }
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            factory = NioIoHandler.newFactory();
            serverChannel = NioServerSocketChannel.class;
            channel = NioSocketChannel.class;
            reason = e.toString();
        }
        var group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
        LOG.info("event loops name={} threads={} transport={} reason={}", name, threads, epoll ? "epoll" : "nio", reason);
        return new NettyLoops(group, serverChannel, channel, epoll);
    }

    /** The event loops. */
    public MultiThreadIoEventLoopGroup group() {
        return group;
    }

    /** True if the loops use native epoll, false for NIO. */
    public boolean isEpoll() {
        return epoll;
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
