package dev.ios.bench.lineport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark peer's client port (bench/sofajraft, bench/ratis): newline-terminated Ios JSON
 * request lines in, one answer line per request out, in request order per connection ({@link
 * OrderedReplies}). Every well-formed request goes to the {@link KvService}; a malformed or too long
 * line is answered with {@code REJECTED} and the connection carries on.
 *
 * <p>One Netty I/O thread serves every connection: decoding a line and handing it to the Raft
 * library is cheap next to an fsync, and the machine this runs on has two cores shared by three
 * servers. Both peers load the libraries through this one front end, so neither gets a faster one.
 *
 * <p>Netty comes from the peer: Netty 4.1.42 with SOFAJRaft (the version it ships with), the
 * project's 4.2 with Ratis (whose own Netty is shaded). So this class uses only API both have.
 */
public final class ClientPort implements AutoCloseable {

    /** The longest request line, as an Ios server's default {@code maxLineBytes} (1 MiB). */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final EventLoopGroup group;
    private final Channel server;

    private ClientPort(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /**
     * Listens on {@code address}; returns once bound.
     *
     * @throws InterruptedException if interrupted while binding
     * @throws java.net.BindException (undeclared, as Netty throws it) if the port is busy
     */
    // NioEventLoopGroup is deprecated in Netty 4.2 but the only choice that also runs on 4.1.
    @SuppressWarnings("deprecation")
    public static ClientPort open(InetSocketAddress address, KvService service) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            // As on an Ios server's client port: the answers that complete together on
                            // one connection leave in one write, not one each.
                            channel.pipeline().addLast(new FlushConsolidationHandler(256, true),
                                    new LineBasedFrameDecoder(MAX_LINE_BYTES, true, false), new Connection(service));
                        }
                    }).bind(address).sync().channel();
            return new ClientPort(group, server);
        } catch (Exception e) {
            // Also Netty's BindException for a busy port, which it throws without declaring it.
            group.shutdownGracefully();
            throw e;
        }
    }

    /** The bound address (for a port chosen by the system in tests). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Stops listening and closes every connection; answers still pending are dropped. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client connection: its lines, in order, to the service; its answers, in order, back. */
    private static final class Connection extends SimpleChannelInboundHandler<ByteBuf> {
        private final KvService service;
        private OrderedReplies replies;

        Connection(KvService service) {
            this.service = service;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            replies = new OrderedReplies(lines -> write(channel, lines));
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            String line = frame.toString(StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            OrderedReplies.Slot slot = replies.reserve();
            RequestLine parsed = RequestLine.parse(line);
            if (parsed instanceof RequestLine.Request request) {
                try {
                    service.submit(request, slot::complete);
                } catch (RuntimeException e) {
                    // A service bug must not take the connection (or the server) down with it.
                    slot.complete(ReplyLines.rejected(request.clientId(), request.requestId(), "server error: " + e));
                }
            } else {
                RequestLine.Bad bad = (RequestLine.Bad) parsed;
                slot.complete(ReplyLines.rejected(bad.clientId(), bad.requestId(), bad.reason()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                // The decoder skipped the line up to its newline; the connection carries on.
                replies.reserve().complete(ReplyLines.rejected(0, 0, "line longer than " + MAX_LINE_BYTES + " bytes"));
                return;
            }
            ctx.close();
        }

        private static void write(Channel channel, List<String> lines) {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append('\n');
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
