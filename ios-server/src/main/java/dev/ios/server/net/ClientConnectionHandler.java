package dev.ios.server.net;

import dev.ios.kvstore.CommandParser;
import dev.ios.kvstore.ParseResult;
import dev.ios.server.api.ClientReply;
import dev.ios.server.api.ClientRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection: turns each line into a request for the {@link
 * dev.ios.server.api.ClientGateway} (or into a local error), and writes the answers in the order
 * the lines arrived, however the replies interleave (pipelining).
 *
 * <p>Threads: every field is touched on the channel's event loop only; replies that arrive on
 * other threads hop onto it. Never throws out of a handler method: bad input becomes an error line.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {

    /** One line's answer-to-be, in arrival order. */
    private static final class Slot {
        final boolean json;
        final long clientId;
        final long requestId;
        // Null until the answer is known.
        byte[] answer;

        Slot(boolean json, long clientId, long requestId) {
            this.json = json;
            this.clientId = clientId;
            this.requestId = requestId;
        }
    }

    private final ClientPortServer server;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    // This connection's client id for plain lines; 0 until the first plain line.
    private long plainClientId;
    private long plainRequestId;
    private boolean inputClosed;
    private Channel channel;

    ClientConnectionHandler(ClientPortServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof byte[] line) {
            onLine(line);
        } else if (msg instanceof ClientLineDecoder.TooLong t) {
            rejectLocally(t.json(), "line too long: more than " + server.options().maxLineBytes() + " bytes");
        } else if (msg instanceof ClientLineDecoder.Incomplete i) {
            rejectLocally(i.json(), "incomplete line: the input ended before its newline");
        }
        drain();
    }

    private void onLine(byte[] line) {
        if (line.length > 0 && line[0] == '{') {
            ClientLines.JsonRead read = ClientLines.readJson(line);
            if (read instanceof ClientLines.Malformed m) {
                server.warn().warn("server={} client line rejected reason=malformed-json remote={} detail={}",
                        server.serverId(), channel.remoteAddress(), m.reason());
                server.metrics().rejectedClientRequest();
                Slot slot = new Slot(true, m.clientId(), m.requestId());
                slot.answer = ClientLines.jsonRejected(m.clientId(), m.requestId(), m.reason());
                pending.add(slot);
                return;
            }
            submit(true, ((ClientLines.Parsed) read).request());
            return;
        }
        if (plainClientId == 0) {
            plainClientId = server.nextPlainClientId();
        }
        plainRequestId++;
        // A plain client cannot say its request only reads; the key-value grammar can.
        ParseResult parsed = CommandParser.parse(line);
        boolean readOnly = parsed instanceof ParseResult.Parsed p && p.command().isReadOnly();
        submit(false, new ClientRequest(plainClientId, plainRequestId, readOnly, false, line));
    }

    private void submit(boolean json, ClientRequest request) {
        Slot slot = new Slot(json, request.clientId(), request.requestId());
        pending.add(slot);
        try {
            server.gateway().submit(request, reply -> onReply(slot, reply));
        } catch (RuntimeException e) {
            // The gateway promises not to throw; if it does, this request fails, not the connection.
            server.warn().warn("server={} client gateway threw error={}", server.serverId(), e.toString());
            onReply(slot, new ClientReply(ClientReply.Outcome.REJECTED, "internal error".getBytes(StandardCharsets.UTF_8), -1));
        }
        if (pending.size() >= server.options().pendingRequestsMax()) {
            channel.config().setAutoRead(false);
        }
    }

    private void rejectLocally(boolean json, String reason) {
        server.warn().warn("server={} client line rejected remote={} reason={}", server.serverId(),
                channel.remoteAddress(), reason);
        server.metrics().rejectedClientRequest();
        Slot slot = new Slot(json, 0, 0);
        slot.answer = json ? ClientLines.jsonRejected(0, 0, reason) : ClientLines.plainError("rejected: " + reason);
        pending.add(slot);
    }

    /** The gateway's reply, on any thread, possibly before submit returned. */
    private void onReply(Slot slot, ClientReply reply) {
        if (channel.eventLoop().inEventLoop()) {
            complete(slot, reply);
            return;
        }
        try {
            channel.eventLoop().execute(() -> complete(slot, reply));
        } catch (RejectedExecutionException e) {
            // Shutting down: the connection is going away with its answers.
        }
    }

    private void complete(Slot slot, ClientReply reply) {
        slot.answer = slot.json ? ClientLines.jsonAnswer(slot.clientId, slot.requestId, reply)
                : ClientLines.plainAnswer(reply, server.servers());
        drain();
    }

    /** Writes every answer at the head of the queue that is ready, then adjusts reading. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().answer != null) {
            byte[] answer = pending.pollFirst().answer;
            if (channel.isActive()) {
                ByteBuf out = channel.alloc().buffer(answer.length + 1);
                out.writeBytes(answer).writeByte('\n');
                channel.write(out, channel.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (inputClosed && pending.isEmpty()) {
            channel.close();
            return;
        }
        maybeResumeReading();
    }

    private void maybeResumeReading() {
        // Hysteresis: reading stops at pendingRequestsMax (in submit) and resumes at half of it.
        if (!channel.config().isAutoRead() && !inputClosed && channel.isWritable()
                && pending.size() <= server.options().pendingRequestsMax() / 2) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A client that does not read its answers must not make the server buffer them without bound.
        if (!channel.isWritable()) {
            channel.config().setAutoRead(false);
        } else {
            maybeResumeReading();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client finished sending (e.g. nc at end of input): answer what is pending, then close.
            inputClosed = true;
            drain();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.onDisconnected();
        pending.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.warn().warn("server={} client connection error remote={} error={}", server.serverId(),
                ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
