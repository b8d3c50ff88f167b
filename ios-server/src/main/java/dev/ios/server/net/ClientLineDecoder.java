package dev.ios.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a client connection into lines ({@code \n}-terminated; a trailing {@code \r} is dropped)
 * and emits each as a {@code byte[]}, in order, interleaved with two markers:
 *
 * <ul>
 *   <li>{@link TooLong}: a line longer than {@code maxLineBytes}. Emitted as soon as the limit is
 *       passed, then the rest of the line is skipped as it arrives, so no more than {@code
 *       maxLineBytes + 2} bytes of a line are ever buffered, however long it is.
 *   <li>{@link Incomplete}: the input ended (or was shut down) in the middle of a line.
 * </ul>
 *
 * Each marker records whether the line started with {@code {}, so its error can be answered in
 * JSON. Event-loop thread only; never throws.
 */
final class ClientLineDecoder extends ByteToMessageDecoder {

    /** A line over the limit; {@code json} if it started with {@code {}. */
    record TooLong(boolean json) {}

    /** The input ended mid-line; {@code json} if that line started with {@code {}. */
    record Incomplete(boolean json) {}

    private final int maxLineBytes;
    // True while skipping the rest of a line already answered as TooLong.
    private boolean discarding;

    ClientLineDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (discarding) {
                int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
                if (newline < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(newline + 1);
                discarding = false;
                continue;
            }
            // Look no further than a maximal line plus "\r\n": anything longer is over the limit anyway.
            int searchEnd = start + (int) Math.min(in.readableBytes(), maxLineBytes + 2L);
            int newline = in.indexOf(start, searchEnd, (byte) '\n');
            if (newline >= 0) {
                int length = newline - start;
                if (length > 0 && in.getByte(newline - 1) == '\r') {
                    length--;
                }
                if (length > maxLineBytes) {
                    out.add(new TooLong(in.getByte(start) == '{'));
                } else {
                    byte[] line = new byte[length];
                    in.getBytes(start, line);
                    out.add(line);
                }
                in.readerIndex(newline + 1);
                continue;
            }
            if (in.readableBytes() < maxLineBytes + 2L) {
                return; // wait for the rest of the line
            }
            // Answer now, then skip to the newline (which may already be in this buffer, with more
            // lines after it, so the loop goes on rather than dropping what was read).
            out.add(new TooLong(in.getByte(start) == '{'));
            discarding = true;
            in.readerIndex(searchEnd);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (in.isReadable()) {
            if (!discarding) {
                out.add(new Incomplete(in.getByte(in.readerIndex()) == '{'));
            }
            in.skipBytes(in.readableBytes());
        }
        discarding = false;
    }
}
