package dev.ios.server.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Netty's aggregator with the REST server's error shape: a body over the limit gets 413 with a
 * JSON {@code {"error": ...}} (Netty's own answer has an empty body), and the connection closes,
 * since the rest of the body would otherwise be read as the next request. Event-loop thread only.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final RestServer server;

    BoundedAggregator(int bodyBytesMax, RestServer server) {
        super(bodyBytesMax);
        this.server = server;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        server.rejected("too-large", "limit=" + maxContentLength());
        byte[] body = ("{\"error\":\"request body larger than " + maxContentLength() + " bytes\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        RestHandler.send(ctx, response, false);
    }
}
