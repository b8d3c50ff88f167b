package dev.ios.bench.clusterbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds the leader of a Raft group whose peers speak the client line protocol (the SOFAJRaft and
 * Ratis peers of bench/sofajraft and bench/ratis): each peer gets one linearizable read of a key the
 * load never writes, and only the leader answers it with success (a follower answers {@code
 * NOT_MASTER}, a leader that cannot yet confirm its leadership fails the read).
 */
final class LeaderProbe {

    private static final String PROBE =
            "{\"ClientID\":1,\"RequestID\":1,\"ForceViewChange\":false,\"ReadOnly\":true,\"Request\":\"get probe\"}\n";
    private static final int PROBE_TIMEOUT_MS = 2_000;

    private LeaderProbe() {}

    /** The index of the first address whose peer serves the probe as leader; -1 if none does. */
    static int leaderAmong(List<InetSocketAddress> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            if (servesAsLeader(addresses.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** True if the peer at {@code address} answers the probe with success; false on any failure. */
    static boolean servesAsLeader(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, PROBE_TIMEOUT_MS);
            socket.setSoTimeout(PROBE_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(PROBE.getBytes(StandardCharsets.UTF_8));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            ReplyLine reply = line == null ? null : ReplyLine.parse(line);
            return reply != null && reply.success();
        } catch (IOException e) {
            return false;
        }
    }
}
