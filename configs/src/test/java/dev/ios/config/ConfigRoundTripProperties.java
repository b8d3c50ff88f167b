package dev.ios.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: whatever valid config is written out is read back equal, for every kind of file and for
 * the untyped format itself. Each case comes from a printed seed; {@code -Dprop.seed=N} replays it.
 */
class ConfigRoundTripProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void serverConfigRoundTrips(long seed) {
        ServerConfig config = new RandomConfigs(seed).serverConfig();
        String text = config.toConfigText();
        assertEquals(config, parse(seed, text, () -> ServerConfig.parse("random.conf", text)), "seed=" + seed + "\n" + text);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void addressConfigRoundTrips(long seed) {
        AddressConfig config = new RandomConfigs(seed).addressConfig();
        String text = config.toConfigText();
        assertEquals(config, parse(seed, text, () -> AddressConfig.parse("random.conf", text)), "seed=" + seed + "\n" + text);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void clientConfigRoundTrips(long seed) {
        ClientConfig config = new RandomConfigs(seed).clientConfig();
        String text = config.toConfigText();
        assertEquals(config, parse(seed, text, () -> ClientConfig.parse("random.conf", text)), "seed=" + seed + "\n" + text);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void workloadConfigRoundTrips(long seed) {
        WorkloadConfig config = new RandomConfigs(seed).workloadConfig();
        String text = config.toConfigText();
        assertEquals(config, parse(seed, text, () -> WorkloadConfig.parse("random.conf", text)), "seed=" + seed + "\n" + text);
    }

    /** A cluster built from a server config and an address file it suits comes back equal. */
    @ParameterizedTest
    @MethodSource("seeds")
    void clusterConfigRoundTrips(long seed) {
        RandomConfigs random = new RandomConfigs(seed);
        AddressConfig addresses = random.addressConfig();
        int n = addresses.serverCount();
        ServerConfig drawn = random.serverConfig();
        // Narrow the drawn config to what n servers allow, so the pair is valid.
        AlgorithmSettings a = drawn.algorithm();
        String quorumSystem = random.bool() ? "fixed:" + (1 + random.random().nextInt(n)) : "strict majority";
        AlgorithmSettings fitting = new AlgorithmSettings(Math.min(a.delegateReplication(), n - 1), quorumSystem,
                a.indexExclusivity(), a.participantHandle(), a.participantRead(), a.implicitWindowCommit(),
                a.explicitCommit(), a.thriftyQuorum());
        ExtensionSettings e = drawn.extensions();
        ExtensionSettings noRest = new ExtensionSettings(e.heartbeatIntervalMs(), e.electionTimeoutMinMs(),
                e.electionTimeoutMaxMs(), 0, e.logBackend(), e.clusterId(), e.maxLineBytes(), e.syncOnLoop());
        ClusterConfig cluster = new ClusterConfig(
                new ServerConfig(fitting, drawn.performance(), drawn.application(), drawn.unsafe(), noRest), addresses);
        String serverText = cluster.server().toConfigText();
        String addressText = cluster.addresses().toConfigText();
        ClusterConfig back = parse(seed, serverText + addressText,
                () -> ClusterConfig.parse("server.conf", serverText, "addresses.conf", addressText));
        assertEquals(cluster, back, "seed=" + seed);
        assertEquals(n, back.quorumSystem().serverCount(), "seed=" + seed);
    }

    /** The untyped layer: any sections, keys and values the format can carry come back as written. */
    @ParameterizedTest
    @MethodSource("seeds")
    void documentRoundTrips(long seed) {
        RandomConfigs random = new RandomConfigs(seed);
        IniWriter writer = new IniWriter().comment("random; document #" + seed);
        List<List<String>> expected = new ArrayList<>();
        int sections = random.random().nextInt(5);
        for (int s = 0; s < sections; s++) {
            String section = random.sectionName();
            writer.section(section);
            int entries = random.random().nextInt(6);
            for (int e = 0; e < entries; e++) {
                String key = random.keyName();
                String value = random.anyValue();
                writer.entry(key, value);
                expected.add(List.of(section.toLowerCase(Locale.ROOT), key, value));
            }
        }
        String text = writer.toString();
        IniDocument document = parse(seed, text, () -> IniParser.parse("random.conf", text));
        List<List<String>> actual = new ArrayList<>();
        for (IniEntry entry : document.entries()) {
            actual.add(List.of(entry.section(), entry.key(), entry.value()));
        }
        assertEquals(expected, actual, "seed=" + seed + "\n" + text);
    }

    interface Parse<T> {
        T run() throws ConfigException;
    }

    private static <T> T parse(long seed, String text, Parse<T> parse) {
        try {
            return parse.run();
        } catch (ConfigException e) {
            return fail("seed=" + seed + ": a written config was refused: " + e.getMessage() + "\n" + text, e);
        }
    }
}
