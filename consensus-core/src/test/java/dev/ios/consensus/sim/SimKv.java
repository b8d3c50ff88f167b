package dev.ios.consensus.sim;

import dev.ios.consensus.statemachine.StateMachine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal key-value state machine for the simulator, with Ios's responses and per-client
 * sessions for exactly-once. (The real one, with the full grammar, lives in the kvstore module.)
 * Commands: {@code update k v}, {@code get k}, {@code delete k}, {@code exists k}.
 */
final class SimKv implements StateMachine {
    private record Session(long requestId, byte[] response) {}

    private final TreeMap<String, String> data = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();

    @Override
    public byte[] apply(long index, long clientId, long requestId, byte[] command) {
        Session session = sessions.get(clientId);
        if (session != null && requestId == session.requestId()) {
            return session.response();
        }
        if (session != null && requestId < session.requestId()) {
            return bytes("error: request id " + requestId + " is older than " + session.requestId());
        }
        byte[] response = bytes(execute(new String(command, StandardCharsets.UTF_8), true));
        sessions.put(clientId, new Session(requestId, response));
        return response;
    }

    @Override
    public byte[] read(byte[] command) {
        return bytes(execute(new String(command, StandardCharsets.UTF_8), false));
    }

    private String execute(String command, boolean mayWrite) {
        String[] words = command.split(" ");
        switch (words[0]) {
            case "update":
                if (!mayWrite || words.length != 3) {
                    return "request not recognised";
                }
                data.put(words[1], words[2]);
                return "OK";
            case "delete":
                if (!mayWrite || words.length != 2) {
                    return "request not recognised";
                }
                data.remove(words[1]);
                return "OK";
            case "get":
                return words.length != 2 ? "request not recognised" : data.getOrDefault(words[1], "key not found");
            case "exists":
                return words.length != 2 ? "request not recognised" : Boolean.toString(data.containsKey(words[1]));
            default:
                return "request not recognised";
        }
    }

    @Override
    public void snapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(this.data.size());
        for (Map.Entry<String, String> e : this.data.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeUTF(e.getValue());
        }
        data.writeInt(sessions.size());
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
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
        this.data.clear();
        sessions.clear();
        int keys = data.readInt();
        for (int i = 0; i < keys; i++) {
            this.data.put(data.readUTF(), data.readUTF());
        }
        int count = data.readInt();
        for (int i = 0; i < count; i++) {
            long clientId = data.readLong();
            long requestId = data.readLong();
            byte[] response = new byte[data.readInt()];
            data.readFully(response);
            sessions.put(clientId, new Session(requestId, response));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
