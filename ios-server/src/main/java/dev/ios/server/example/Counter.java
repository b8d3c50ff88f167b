package dev.ios.server.example;

import dev.ios.consensus.statemachine.StateMachine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The smallest useful replicated state machine, as an example of embedding: a counter. Commands
 * are {@code add <n>} (answers the new total) and {@code get}. Like every state machine it keeps
 * the last response per client, so a retried request is answered without being added twice.
 *
 * <p>See {@code ios-server/README.md} ("Embedding") for the walk-through.
 */
public final class Counter implements StateMachine {

    private record Session(long requestId, byte[] response) {}

    private long total;
    private final Map<Long, Session> sessions = new HashMap<>();

    @Override
    public byte[] apply(long index, long clientId, long requestId, byte[] command) {
        Session session = sessions.get(clientId);
        if (session != null && session.requestId() >= requestId) {
            // Exactly once: a retry gets the saved answer; an older request changes nothing.
            return session.requestId() == requestId ? session.response() : bytes("error: stale request");
        }
        byte[] response = bytes(run(new String(command, StandardCharsets.UTF_8), true));
        sessions.put(clientId, new Session(requestId, response));
        return response;
    }

    @Override
    public byte[] read(byte[] command) {
        return bytes(run(new String(command, StandardCharsets.UTF_8), false));
    }

    private String run(String command, boolean mayWrite) {
        if (command.equals("get")) {
            return Long.toString(total);
        }
        if (mayWrite && command.startsWith("add ")) {
            try {
                total += Long.parseLong(command.substring(4).trim());
                return Long.toString(total);
            } catch (NumberFormatException e) {
                return "error: add takes a whole number";
            }
        }
        return "error: commands are 'add <n>' and 'get'";
    }

    @Override
    public void snapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(total);
        data.writeInt(sessions.size());
        // Sorted so every server writes the same bytes.
        for (var e : new java.util.TreeMap<>(sessions).entrySet()) {
            data.writeLong(e.getKey());
            data.writeLong(e.getValue().requestId());
            data.writeInt(e.getValue().response().length);
            data.write(e.getValue().response());
        }
        data.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long newTotal = data.readLong();
        int count = data.readInt();
        if (count < 0) {
            throw new IOException("counter snapshot refused: negative session count");
        }
        Map<Long, Session> restored = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long client = data.readLong();
            long request = data.readLong();
            int length = data.readInt();
            if (length < 0 || length > 1 << 20) {
                throw new IOException("counter snapshot refused: bad response length " + length);
            }
            byte[] response = data.readNBytes(length);
            restored.put(client, new Session(request, response));
        }
        total = newTotal;
        sessions.clear();
        sessions.putAll(restored);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
