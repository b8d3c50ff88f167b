package dev.ios.server.rest;

import dev.ios.server.api.ClientReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP connection: routes each request ({@link RestRoute}), answers local endpoints at once and
 * commands once the runtime replies. Requests on one connection are handled one at a time (reading
 * pauses while one is in flight), so HTTP/1.1 pipelining gets its answers in order.
 *
 * <p>Event-loop thread, except the gateway's reply, which hops onto it. Never throws out of a
 * handler method: anything unexpected becomes a 500 JSON error.
 */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final RestServer server;
    // Requests decoded while one is in flight (pipelined in the same read); answered in order after it.
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    // True while a command awaits the runtime's reply.
    private boolean busy;

    RestHandler(RestServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            waiting.add(request.retain());
            return;
        }
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            int status = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongFrameException ? 413 : 400;
            server.rejected("malformed-http", String.valueOf(cause));
            // The byte stream may be out of step with request boundaries now: answer and close.
            send(ctx, error(status, "malformed HTTP request: " + cause.getMessage(), null), false);
            return;
        }
        RestRoute route;
        try {
            String rawPath = new QueryStringDecoder(request.uri()).rawPath();
            route = RestRoute.of(request.method().name(), rawPath, ByteBufUtil.getBytes(request.content()));
        } catch (RuntimeException e) {
            route = new RestRoute.Failure(400, "malformed request: " + e.getMessage(), null);
        }
        if (route instanceof RestRoute.Failure f) {
            if (f.status() == 400) {
                server.rejected("bad-request", f.error());
            }
            send(ctx, error(f.status(), f.error(), f.allow()), keepAlive);
        } else if (route instanceof RestRoute.Local local) {
            send(ctx, local(local.endpoint()), keepAlive);
        } else if (route instanceof RestRoute.Submit submit) {
            submit(ctx, submit, keepAlive);
        }
    }

    private FullHttpResponse local(RestRoute.Endpoint endpoint) {
        try {
            switch (endpoint) {
                case STATUS:
                    return json(200, server.json().writeValueAsBytes(server.status().get()));
                case METRICS: {
                    byte[] text = server.metrics().renderPrometheus().getBytes(StandardCharsets.UTF_8);
                    FullHttpResponse response = response(200, text);
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    return response;
                }
                case VERSION:
                default:
                    return json(200, server.json().writeValueAsBytes(server.version()));
            }
        } catch (Exception e) {
            server.warn().warn("server={} rest endpoint failed endpoint={} error={}", server.serverId(), endpoint,
                    e.toString());
            return error(500, "internal error: " + e, null);
        }
    }

    private void submit(ChannelHandlerContext ctx, RestRoute.Submit submit, boolean keepAlive) {
        // One request at a time per connection: stop reading until this one is answered.
        busy = true;
        ctx.channel().config().setAutoRead(false);
        AtomicBoolean answered = new AtomicBoolean();
        var timeout = ctx.executor().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "no answer within " + server.options().requestTimeoutMs()
                        + " ms; the request may have been applied");
                body.put("indeterminate", true);
                finish(ctx, json(504, body), keepAlive);
            }
        }, server.options().requestTimeoutMs(), TimeUnit.MILLISECONDS);
        server.submit(submit.command(), submit.readOnly(), reply -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel(false);
            try {
                ctx.executor().execute(() -> finish(ctx, answer(submit, reply), keepAlive));
            } catch (RejectedExecutionException e) {
                // Shutting down: the connection goes away unanswered.
            }
        });
    }

    private void finish(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        send(ctx, response, keepAlive);
        busy = false;
        while (!busy && !waiting.isEmpty()) {
            FullHttpRequest next = waiting.poll();
            try {
                handle(ctx, next);
            } finally {
                next.release();
            }
        }
        if (!busy && keepAlive) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (FullHttpRequest request : waiting) {
            request.release();
        }
        waiting.clear();
        super.channelInactive(ctx);
    }

    /** The HTTP answer for a command's reply. */
    private FullHttpResponse answer(RestRoute.Submit submit, ClientReply reply) {
        String text = reply.response() == null ? "" : new String(reply.response(), StandardCharsets.UTF_8);
        Map<String, Object> body = new LinkedHashMap<>();
        switch (reply.outcome()) {
            case SUCCESS:
                return success(submit, text);
            case NOT_MASTER:
                body.put("error", "not the master");
                body.put("masterHint", reply.masterHint());
                return json(503, body);
            case REJECTED:
                body.put("error", text.isEmpty() ? "rejected" : text);
                return json(503, body);
            case INDETERMINATE:
            default:
                body.put("error", (text.isEmpty() ? "indeterminate" : text) + "; the request may have been applied");
                body.put("indeterminate", true);
                return json(504, body);
        }
    }

    private FullHttpResponse success(RestRoute.Submit submit, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (submit.shape()) {
            case KV_GET:
                if (text.startsWith("true; ")) {
                    body.put("key", submit.key());
                    body.put("value", text.substring("true; ".length()));
                    return json(200, body);
                }
                if (text.startsWith("false; ")) {
                    body.put("error", "key not found");
                    body.put("key", submit.key());
                    return json(404, body);
                }
                break;
            case KV_WRITE:
                if (text.equals("OK")) {
                    body.put("key", submit.key());
                    body.put("response", text);
                    return json(200, body);
                }
                break;
            case GATEWAY:
            default:
                body.put("request", submit.command());
                body.put("response", text);
                return json(200, body);
        }
        // The store answered something other than its usual response (e.g. a stale-request error).
        body.put("error", text);
        return json(500, body);
    }

    private FullHttpResponse error(int status, String message, String allow) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        FullHttpResponse response = json(status, body);
        if (allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        return response;
    }

    private FullHttpResponse json(int status, Map<String, Object> body) {
        try {
            return json(status, server.json().writeValueAsBytes(body));
        } catch (Exception e) {
            return response(500, "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static FullHttpResponse json(int status, byte[] body) {
        FullHttpResponse response = response(status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return response;
    }

    private static FullHttpResponse response(int status, byte[] body) {
        ByteBuf content = Unpooled.wrappedBuffer(body);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    /** Writes {@code response}; closes the connection after it unless {@code keepAlive}. */
    static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.warn().warn("server={} rest connection error remote={} error={}", server.serverId(),
                ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
