package dev.ios.server.net;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking line client for client-port tests; every read is bounded by a socket timeout. */
final class LineClient implements Closeable {

    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    LineClient(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code line} with a newline and returns the one answer line. */
    String ask(String line) throws IOException {
        send(line + "\n");
        return readLine();
    }

    /** The next line; fails the test on timeout; null at end of stream. */
    String readLine() throws IOException {
        return in.readLine();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
