package dev.ios.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection this server dialed: sends the handshake, waits for the acceptor's answer, then
 * hands the channel to its {@link PeerLink} for sending. Nothing but that one answer may arrive.
 * Event-loop thread only; never throws.
 */
final class DialedPeerHandler extends ChannelInboundHandlerAdapter {

    private final NettyPeerTransport transport;
    private final PeerLink link;
    private boolean answered;
    private ScheduledFuture<?> handshakeTimeout;

    DialedPeerHandler(NettyPeerTransport transport, PeerLink link) {
        this.transport = transport;
        this.link = link;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        PeerHandshake hello = transport.ownHandshake(link.peerId());
        ByteBuf out = ctx.alloc().buffer(4 + hello.size());
        out.writeInt(hello.size());
        hello.write(out);
        ctx.writeAndFlush(out, ctx.voidPromise());
        handshakeTimeout = ctx.executor().schedule(() -> {
            if (!answered && ctx.channel().isActive()) {
                transport.refuse(ctx.channel(), "handshake-timeout", "peer=" + link.peerId());
            }
        }, transport.options().handshakeTimeoutMs(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof PeerFrameDecoder.Oversized o) {
                transport.refuse(ctx.channel(), "oversized", "length=" + o.length() + " limit=" + o.limit());
            } else if (msg instanceof ByteBuf frame && ctx.channel().isActive()) {
                if (answered) {
                    transport.refuse(ctx.channel(), "unexpected-frame", "peer=" + link.peerId());
                    return;
                }
                PeerHandshake h = PeerHandshake.read(frame);
                String problem = transport.handshakeProblem(h, link.peerId());
                if (problem != null) {
                    transport.refuse(ctx.channel(), problem, h);
                    return;
                }
                answered = true;
                handshakeTimeout.cancel(false);
                link.onReady(ctx.channel());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        transport.warn().warn("server={} peer outbound error peer={} error={}", transport.serverId(), link.peerId(),
                cause.toString());
        ctx.close();
    }
}
