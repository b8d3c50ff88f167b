package dev.ios.bench.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the servers of a local cluster listen: server {@code i} on 127.0.0.1 with a peer port and a
 * client port, written as an Ios address file.
 *
 * @param peerPorts peer port of each server, in id order
 * @param clientPorts client port of each server, in id order
 */
public record ClusterLayout(List<Integer> peerPorts, List<Integer> clientPorts) {

    /** The host every local server binds to and every client dials. */
    public static final String HOST = "127.0.0.1";

    /** Copies the lists; they must have the same, positive length. */
    public ClusterLayout {
        peerPorts = List.copyOf(peerPorts);
        clientPorts = List.copyOf(clientPorts);
        if (peerPorts.isEmpty() || peerPorts.size() != clientPorts.size()) {
            throw new IllegalArgumentException("need as many peer ports as client ports, at least one: " + peerPorts + " "
                    + clientPorts);
        }
    }

    /**
     * {@code configs/example3.conf}'s scheme for {@code servers} servers: client ports {@code
     * clientBasePort + i}, peer ports ten above ({@code 8080 + i} and {@code 8090 + i} by default),
     * or {@code servers} above when there are more than ten.
     */
    public static ClusterLayout fromBase(int servers, int clientBasePort) {
        if (servers < 1 || servers > 64) {
            throw new IllegalArgumentException("a cluster has 1 to 64 servers, not " + servers);
        }
        int peerOffset = Math.max(10, servers);
        if (clientBasePort < 1 || clientBasePort + peerOffset + servers - 1 > 65_535) {
            throw new IllegalArgumentException("base port " + clientBasePort + " leaves no room for " + servers
                    + " servers' ports below 65536");
        }
        List<Integer> peers = new ArrayList<>();
        List<Integer> clients = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            clients.add(clientBasePort + i);
            peers.add(clientBasePort + peerOffset + i);
        }
        return new ClusterLayout(peers, clients);
    }

    /** {@code servers} servers on ports the operating system reports free right now. */
    public static ClusterLayout freePorts(int servers) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> peers = new ArrayList<>();
            List<Integer> clients = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                peers.add(hold(held));
                clients.add(hold(held));
            }
            return new ClusterLayout(peers, clients);
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static int hold(List<ServerSocket> held) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST));
        held.add(socket);
        return socket.getLocalPort();
    }

    /** The number of servers. */
    public int servers() {
        return clientPorts.size();
    }

    /** The ports some other program holds now, as {@code port (server i's peer|client port)}; empty if all are free. */
    public List<String> busyPorts() {
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < servers(); i++) {
            if (!free(peerPorts.get(i))) {
                busy.add(peerPorts.get(i) + " (server " + i + "'s peer port)");
            }
            if (!free(clientPorts.get(i))) {
                busy.add(clientPorts.get(i) + " (server " + i + "'s client port)");
            }
        }
        return busy;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Ios address file for this layout. */
    public String addressFileText() {
        StringBuilder text = new StringBuilder("; A local cluster of " + servers() + " server(s), written by ios local / ios demo.\n"
                + "; address = host:peerPort:clientPort; server ids follow line order, from 0.\n[servers]\n");
        for (int i = 0; i < servers(); i++) {
            text.append("address = ").append(HOST).append(':').append(peerPorts.get(i)).append(':').append(clientPorts.get(i))
                    .append('\n');
        }
        return text.toString();
    }
}
