package dev.ios.client;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One TCP connection to one server's client port. The owner (the client's loop thread) queues
 * lines with {@link #send}, which never blocks; a writer thread writes them, so a server that stops
 * reading cannot stall the loop (its Timeout still fires). A reader thread hands every line it
 * reads, and finally the loss of the connection, to {@code onEvent}. Closing is idempotent and safe
 * from any thread.
 */
final class Connection {

    /** A line arrived on connection {@code epoch}. */
    record Received(long epoch, String line) implements ClientLoop.Event {}

    /** Connection {@code epoch} ended (closed by the peer, reset, or closed by us). */
    record Lost(long epoch, String reason) implements ClientLoop.Event {}

    // A marker queued by close(); compared by identity, so no request line can be mistaken for it.
    private static final String CLOSE = new String("close");

    final int serverId;
    final long epoch;
    final String address;
    private final Socket socket;
    private final Writer out;
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();

    private Connection(int serverId, long epoch, String address, Socket socket) throws IOException {
        this.serverId = serverId;
        this.epoch = epoch;
        this.address = address;
        this.socket = socket;
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Connects within {@code timeoutMs} and starts the reader thread.
     *
     * @throws IOException if the server refuses, does not accept in time, or the host is unknown
     */
    static Connection open(int serverId, long epoch, String host, int port, int timeoutMs, Consumer<ClientLoop.Event> onEvent)
            throws IOException {
        Socket socket = new Socket();
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try {
            socket.setTcpNoDelay(true); // one small line per request: do not wait to coalesce.
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            Connection connection = new Connection(serverId, epoch, address, socket);
            Thread reader = new Thread(() -> connection.readLines(onEvent), "ios-client-reader-" + address);
            reader.setDaemon(true);
            reader.start();
            Thread writer = new Thread(() -> connection.writeLines(onEvent), "ios-client-writer-" + address);
            writer.setDaemon(true);
            writer.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Queues one line for the writer thread; never blocks. A line that cannot be written ends the
     * connection, which is reported as {@link Lost}.
     */
    void send(String line) {
        outbox.add(line);
    }

    /** Closes the socket and stops the writer; the reader then reports {@link Lost}, which the loop ignores. */
    void close() {
        outbox.add(CLOSE);
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the connection is being abandoned either way.
        }
    }

    private void writeLines(Consumer<ClientLoop.Event> onEvent) {
        try {
            while (true) {
                String line = outbox.take();
                if (line == CLOSE) { // identity: only close() queues this very instance
                    return;
                }
                out.write(line);
                out.write('\n');
                if (outbox.isEmpty()) {
                    out.flush(); // one flush for all the lines queued together
                }
            }
        } catch (IOException e) {
            close();
            onEvent.accept(new Lost(epoch, "cannot write: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLines(Consumer<ClientLoop.Event> onEvent) {
        String reason = "closed by the server";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                onEvent.accept(new Received(epoch, line));
            }
        } catch (IOException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        onEvent.accept(new Lost(epoch, reason));
    }
}
