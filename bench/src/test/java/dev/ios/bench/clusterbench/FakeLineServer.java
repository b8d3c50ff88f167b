package dev.ios.bench.clusterbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a server's client port in {@link LoadLoop}'s tests: it reads Ios JSON request lines
 * and answers each as its {@link Mode} says, a thread per connection.
 */
final class FakeLineServer implements AutoCloseable {

    /** How the fake answers. */
    enum Mode {
        /** {@code Success:true}, {@code OK} (or {@code key not found} for a get). */
        OK,
        /** Never answers. */
        SILENT,
        /** {@code NOT_MASTER} with hint 1. */
        NOT_MASTER
    }

    private static final Pattern IDS = Pattern.compile("\"ClientID\":(\\d+),\"RequestID\":(\\d+)");

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicLong received = new AtomicLong();
    final AtomicLong connections = new AtomicLong();

    FakeLineServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::acceptAll, "fake-accept");
        accept.setDaemon(true);
        accept.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    private void acceptAll() {
        try {
            while (true) {
                Socket socket = server.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread serve = new Thread(() -> serve(socket), "fake-serve");
                serve.setDaemon(true);
                serve.start();
            }
        } catch (IOException e) {
            // Closed by close(): the test is over.
        }
    }

    private void serve(Socket socket) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                received.incrementAndGet();
                Matcher ids = IDS.matcher(line);
                if (!ids.find() || mode == Mode.SILENT) {
                    continue;
                }
                String head = "{\"ClientID\":" + ids.group(1) + ",\"RequestID\":" + ids.group(2);
                String answer = mode == Mode.NOT_MASTER
                        ? head + ",\"Success\":false,\"Response\":\"not the master\",\"Outcome\":\"NOT_MASTER\",\"MasterHint\":1}"
                        : head + ",\"Success\":true,\"Response\":\"" + (line.contains("\"get ") ? "key not found" : "OK") + "\"}";
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // The client closed the connection.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
