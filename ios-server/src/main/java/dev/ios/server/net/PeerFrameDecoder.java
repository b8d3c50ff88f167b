package dev.ios.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a peer connection's bytes into frames: a big-endian int32 payload length, then the
 * payload. Emits each payload as a retained slice.
 *
 * <p>Until the handshake is accepted only a handshake-sized frame is allowed, so an unauthenticated
 * connection can never make this server buffer more than {@link PeerHandshake#BYTES_MAX} bytes; a
 * negative or oversized length emits {@link Oversized} once and stops decoding (the handler closes
 * the connection). Event-loop thread only.
 */
final class PeerFrameDecoder extends ByteToMessageDecoder {

    /** A frame whose declared length is negative or beyond the limit. */
    record Oversized(long length, int limit) {}

    private final int frameBytesMax;
    private boolean authenticated;
    private boolean failed;

    PeerFrameDecoder(int frameBytesMax) {
        this.frameBytesMax = frameBytesMax;
    }

    /** Lifts the limit from handshake size to {@code frameBytesMax}. */
    void authenticated() {
        authenticated = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            int limit = authenticated ? frameBytesMax : PeerHandshake.BYTES_MAX;
            if (length < 0 || length > limit) {
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(new Oversized(length, limit));
                return;
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(length));
            if (!authenticated) {
                // The handler must judge the handshake before the limit for the next frame is known.
                return;
            }
        }
    }
}
