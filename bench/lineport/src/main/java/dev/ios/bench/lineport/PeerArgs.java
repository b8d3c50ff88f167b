package dev.ios.bench.lineport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line every benchmark peer takes: {@code --id N --peers H:P,H:P,... --client-port P
 * --data DIR}, plus the flags of one library that the peer names ({@code extraFlags}). The cluster
 * benchmark writes it; {@link #parse} checks every value, so a bad one exits 2 with one line before
 * anything starts.
 *
 * @param id this peer's index into {@code peers}
 * @param peers every peer's Raft address ({@code host:port}), by id
 * @param clientPort where this peer takes client request lines, on 127.0.0.1
 * @param data this peer's directory (the library's log and metadata)
 * @param extra the values of the extra flags given, by flag (e.g. {@code --election-timeout-ms})
 */
public record PeerArgs(int id, List<String> peers, int clientPort, Path data, Map<String, String> extra) {

    /** Copies {@code peers} and {@code extra}. */
    public PeerArgs {
        peers = List.copyOf(peers);
        extra = Map.copyOf(extra);
    }

    /**
     * The arguments in {@code args}, where the flags in {@code extraFlags} are allowed besides the
     * common ones (their values are checked by the caller, e.g. with {@link #number}); throws
     * IllegalArgumentException naming the first bad one.
     */
    public static PeerArgs parse(Set<String> extraFlags, String... args) {
        Integer id = null;
        List<String> peers = null;
        Integer clientPort = null;
        Path data = null;
        Map<String, String> extra = new LinkedHashMap<>();
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
                default -> {
                    if (!extraFlags.contains(flag)) {
                        throw new IllegalArgumentException("unknown flag " + flag);
                    }
                    extra.put(flag, value);
                }
            }
        }
        if (id == null || peers == null || clientPort == null || data == null) {
            throw new IllegalArgumentException("--id, --peers, --client-port and --data are required");
        }
        if (id >= peers.size()) {
            throw new IllegalArgumentException("--id " + id + " is not an index into --peers (" + peers.size() + " peers)");
        }
        return new PeerArgs(id, peers, clientPort, data, extra);
    }

    /** {@code value} as a number from {@code min} to {@code max}; throws IllegalArgumentException naming {@code flag}. */
    public static int number(String flag, String value, int min, int max) {
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
        return peers;
    }
}
