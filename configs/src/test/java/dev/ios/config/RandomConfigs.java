package dev.ios.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generators for the property tests: valid models of every kind, drawn from one seeded random
 * source so each case replays from its seed. Values lean towards the edges of what is allowed.
 */
final class RandomConfigs {

    private static final String[] QUORUM_SYSTEMS = {
        "strict majority", "non-strict majority", "all-in", "one-in", "Strict Majority", "strict  majority"
    };

    private final SplittableRandom random;

    RandomConfigs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    /** An int in {@code min..max}, often one of the two ends. */
    int intIn(int min, int max) {
        int pick = random.nextInt(4);
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        return (int) random.nextLong(min, (long) max + 1);
    }

    /** A small int in {@code min..max}, for sizes that should stay modest. */
    int smallIntIn(int min, int max) {
        return random.nextBoolean() ? min + random.nextInt(Math.min(10, max - min + 1)) : intIn(min, max);
    }

    boolean bool() {
        return random.nextBoolean();
    }

    <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    String quorumSystem() {
        return random.nextInt(3) == 0 ? "fixed:" + (1 + random.nextInt(AddressConfig.SERVERS_MAX)) : pick(QUORUM_SYSTEMS);
    }

    ServerConfig serverConfig() {
        AlgorithmSettings algorithm = new AlgorithmSettings(
                intIn(-1, AddressConfig.SERVERS_MAX - 1), quorumSystem(),
                bool(), bool(), bool(), bool(), bool(), bool());
        PerformanceSettings performance = new PerformanceSettings(
                intIn(1, Integer.MAX_VALUE), intIn(0, Integer.MAX_VALUE), intIn(1, Integer.MAX_VALUE),
                intIn(1, Integer.MAX_VALUE), intIn(0, Integer.MAX_VALUE));
        UnsafeSettings unsafe = new UnsafeSettings(bool(), pick(PersistenceMode.values()));
        return new ServerConfig(algorithm, performance, pick(Application.values()), unsafe, extensions());
    }

    ExtensionSettings extensions() {
        if (random.nextInt(3) == 0) {
            return ExtensionSettings.DEFAULTS;
        }
        int heartbeat = intIn(1, 60_000);
        int electionMin = intIn(2 * heartbeat, 600_000);
        int electionMax = intIn(electionMin, 600_000);
        return new ExtensionSettings(heartbeat, electionMin, electionMax, intIn(0, 65_535),
                pick(LogBackend.values()), clusterId(), intIn(1024, 64 << 20), bool());
    }

    String clusterId() {
        String alphabet = "abcXYZ019._-";
        StringBuilder id = new StringBuilder();
        int length = 1 + random.nextInt(64);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    AddressConfig addressConfig() {
        int count = random.nextInt(8) == 0 ? AddressConfig.SERVERS_MAX : 1 + random.nextInt(7);
        List<ServerAddress> servers = new ArrayList<>();
        Map<String, Boolean> used = new LinkedHashMap<>();
        while (servers.size() < count) {
            String host = host();
            int peer = intIn(1, 65_535);
            int client = intIn(1, 65_535);
            String key = host.toLowerCase(java.util.Locale.ROOT);
            if (peer == client || used.containsKey(key + ":" + peer) || used.containsKey(key + ":" + client)) {
                continue;
            }
            used.put(key + ":" + peer, true);
            used.put(key + ":" + client, true);
            servers.add(new ServerAddress(host, peer, client));
        }
        return new AddressConfig(servers);
    }

    String host() {
        switch (random.nextInt(4)) {
            case 0:
                return "127.0.0." + random.nextInt(256);
            case 1:
                return "Node-" + random.nextInt(100) + ".example_net";
            case 2:
                return "::" + Integer.toHexString(random.nextInt(65_536));
            default:
                return "fe80::" + Integer.toHexString(random.nextInt(65_536)) + "%eth" + random.nextInt(3);
        }
    }

    ClientConfig clientConfig() {
        return new ClientConfig(intIn(1, Integer.MAX_VALUE), intIn(1, Integer.MAX_VALUE), bool(),
                intIn(-1, Integer.MAX_VALUE), pick(Application.values()));
    }

    WorkloadConfig workloadConfig() {
        return new WorkloadConfig(intIn(0, 100), intIn(0, Integer.MAX_VALUE), intIn(1, Integer.MAX_VALUE),
                intIn(1, Integer.MAX_VALUE), intIn(1, Integer.MAX_VALUE), intIn(1, Integer.MAX_VALUE));
    }

    /**
     * A string of any characters the format can carry in a value: printable ASCII including
     * {@code ; # " \ = [ ]}, spaces and tabs anywhere, newlines, and non-ASCII text.
     */
    String anyValue() {
        String[] pieces = {"a", "Z", "7", " ", "  ", "\t", ";", "#", "\"", "\\", "=", "[", "]", "\n", "é", "中",
            "\uD83D\uDE00", "strict majority", "x y"};
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            value.append(pick(pieces));
        }
        return value.toString();
    }

    /** A key name: a letter, then letters, digits or '-'. */
    String keyName() {
        String first = "abcXYZ";
        String rest = "abcXYZ019-";
        StringBuilder key = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int length = random.nextInt(10);
        for (int i = 0; i < length; i++) {
            key.append(rest.charAt(random.nextInt(rest.length())));
        }
        return key.toString();
    }

    /** A section name: letters, digits, '-' and '.'. */
    String sectionName() {
        String alphabet = "abcXYZ019-.";
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(10);
        for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }
}
