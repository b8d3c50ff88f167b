package dev.ios.bench.clusterbench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One connection to one server, used by one benchmark client or shared by several (its slot), driven
 * by the {@link LoadLoop}'s selector thread: request lines out, answer lines in. Not thread-safe:
 * only that thread touches it.
 *
 * <p>Bytes are read as ISO-8859-1 characters: the fields the benchmark needs (ids, success, outcome,
 * hint) are ASCII, and the values it writes are too, so no UTF-8 decoding is needed.
 */
final class LoadConnection {

    private static final int READ_BUFFER_BYTES = 64 * 1024;

    /** Which of the connections to its server this is. */
    final int slot;
    final int server;
    /** True while the loop has it on its list of connections to flush. */
    boolean queued;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private ByteBuffer out = ByteBuffer.allocate(4096);
    private final StringBuilder line = new StringBuilder(256);

    private LoadConnection(int slot, int server, SocketChannel channel, SelectionKey key) {
        this.slot = slot;
        this.server = server;
        this.channel = channel;
        this.key = key;
    }

    /** Connects (blocking: on 127.0.0.1 this is immediate or refused), then registers for reads. */
    static LoadConnection open(Selector selector, InetSocketAddress address, int slot, int server) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            LoadConnection connection = new LoadConnection(slot, server, channel, key);
            key.attach(connection);
            return connection;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Queues {@code text} plus a newline; {@link #flush} writes it. */
    void queue(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (out.remaining() < bytes.length + 1) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes.length + 1));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        out.put(bytes).put((byte) '\n');
    }

    /** Writes queued bytes; asks for OP_WRITE while some are left. */
    void flush() throws IOException {
        out.flip();
        channel.write(out);
        out.compact();
        int ops = out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /**
     * Reads what arrived and hands each complete line (without its newline) to {@code onLine}.
     *
     * @throws IOException if the server closed the connection or the read failed
     */
    void read(Consumer<CharSequence> onLine) throws IOException {
        while (true) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("server " + server + " closed the connection");
            }
            if (n == 0) {
                return;
            }
            // A read that left room in the buffer emptied the socket: stop, rather than pay a system
            // call for the EAGAIN that would confirm it (the selector is level-triggered, so bytes
            // that arrive later wake it again). That read was one per answer, half of all reads.
            boolean drained = in.hasRemaining();
            in.flip();
            while (in.hasRemaining()) {
                char c = (char) (in.get() & 0xff);
                if (c == '\n') {
                    onLine.accept(line);
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
            if (drained) {
                return;
            }
        }
    }

    /** False once closed. */
    boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the socket; pending answers are lost. */
    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket we no longer use: nothing to do about a failure.
        }
    }
}
