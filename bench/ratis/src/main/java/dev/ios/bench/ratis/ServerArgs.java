package dev.ios.bench.ratis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link RatisServerMain}: {@code --id N --peers H:P,H:P,... --client-port P
 * --data DIR}. No Raft timing flag: the peers run with Ratis's own timeouts. The cluster benchmark writes it; {@link #parse} checks
 * every value, so a bad one exits 2 with one line before anything starts.
 *
 * @param id this peer's index into {@code peers}
 * @param peers every peer's Raft address ({@code host:port}), by id
 * @param clientPort where this peer takes client request lines, on 127.0.0.1
 * @param data this peer's Ratis storage directory
 */
record ServerArgs(int id, List<String> peers, int clientPort, Path data) {

    /** The arguments in {@code args}; throws IllegalArgumentException naming the first bad one. */
    static ServerArgs parse(String... args) {
        Integer id = null;
        List<String> peers = null;
        Integer clientPort = null;
        Path data = null;
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[i + 1];
            switch (flag) {
                case "--id" -> id = number(flag, value, 0, 63);
                case "--peers" -> peers = peers(value);
                case "--client-port" -> clientPort = number(flag, value, 1, 65535);
                case "--data" -> data = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (id == null || peers == null || clientPort == null || data == null) {
            throw new IllegalArgumentException("--id, --peers, --client-port and --data are required");
        }
        if (id >= peers.size()) {
            throw new IllegalArgumentException("--id " + id + " is not an index into --peers (" + peers.size() + " peers)");
        }
        return new ServerArgs(id, peers, clientPort, data);
    }

    private static int number(String flag, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, not '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(flag + " must be " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static List<String> peers(String value) {
        List<String> peers = new ArrayList<>();
        for (String peer : value.split(",")) {
            int colon = peer.lastIndexOf(':');
            if (colon <= 0 || colon == peer.length() - 1) {
                throw new IllegalArgumentException("--peers: '" + peer + "' is not host:port");
            }
            number("--peers port", peer.substring(colon + 1), 1, 65535);
            if (peers.contains(peer)) {
                throw new IllegalArgumentException("--peers: " + peer + " is given twice");
            }
            peers.add(peer);
        }
        return List.copyOf(peers);
    }
}
