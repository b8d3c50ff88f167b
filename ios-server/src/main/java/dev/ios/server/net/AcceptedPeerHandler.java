package dev.ios.server.net;

import dev.ios.consensus.message.Message;
import dev.ios.consensus.message.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An accepted peer connection: judges the dialer's handshake, answers it, then decodes message
 * frames and hands them to the {@link PeerInbound}. Event-loop thread only; never throws (bad
 * input closes the connection through {@link NettyPeerTransport#refuse}).
 */
final class AcceptedPeerHandler extends ChannelInboundHandlerAdapter {

    private final NettyPeerTransport transport;
    private final PeerFrameDecoder decoder;
    // -1 until the handshake is accepted; then the authenticated sender of every frame.
    private int peerId = -1;
    private ScheduledFuture<?> handshakeTimeout;

    AcceptedPeerHandler(NettyPeerTransport transport, PeerFrameDecoder decoder) {
        this.transport = transport;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshakeTimeout = ctx.executor().schedule(() -> {
            if (peerId < 0 && ctx.channel().isActive()) {
                transport.refuse(ctx.channel(), "handshake-timeout", transport.options().handshakeTimeoutMs() + "ms");
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
                if (peerId < 0) {
                    onHandshake(ctx, frame);
                } else {
                    onMessageFrame(ctx, frame);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, ByteBuf frame) {
        PeerHandshake h = PeerHandshake.read(frame);
        String problem = transport.handshakeProblem(h, -1);
        if (problem != null) {
            transport.refuse(ctx.channel(), problem, h);
            return;
        }
        peerId = h.from();
        decoder.authenticated();
        handshakeTimeout.cancel(false);
        transport.onAccepted(peerId, ctx.channel());
        PeerHandshake answer = transport.ownHandshake(peerId);
        ByteBuf out = ctx.alloc().buffer(4 + answer.size());
        out.writeInt(answer.size());
        answer.write(out);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    private void onMessageFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuffer bytes = frame.nioBuffer();
        Optional<Message> message = MessageCodec.read(bytes);
        if (message.isEmpty() || bytes.hasRemaining()) {
            // A peer that passed the handshake but sends undecodable frames is broken or of another
            // build; dropping its connection (it will redial) beats guessing where the next frame starts.
            transport.refuse(ctx.channel(), "malformed-message", "peer=" + peerId + " bytes=" + frame.readableBytes());
            return;
        }
        transport.deliver(peerId, message.get());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        transport.onAcceptedClosed(peerId, ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        transport.warn().warn("server={} peer inbound error peer={} remote={} error={}", transport.serverId(), peerId,
                ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
