package dev.ios.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ios.consensus.testkit.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: no input makes the parser or any config model throw anything but {@link
 * ConfigException}, and every refusal says where: a syntax error carries a line number inside the
 * input; a refusal without a line names the key. Inputs are random bytes, random near-valid lines
 * and mutations of valid files. Each case comes from a printed seed ({@code -Dprop.seed=N}).
 */
class ParserRobustnessProperties {

    private static final String[] SECTIONS = {
        "algorithm", "performance", "application", "unsafe", "extensions", "servers", "parameters", "config",
        "peers", "ALGORITHM", "Servers"
    };
    private static final String[] KEYS = {
        "delegateReplication", "quorumSystem", "indexExclusivity", "participantHandle", "participantRead",
        "implicitWindowCommit", "explicitCommit", "thriftyQuorum", "length", "batchInterval", "maxBatch",
        "windowSize", "snapshotInterval", "name", "dumpPersistentStorage", "persistenceMode",
        "heartbeatIntervalMs", "electionTimeoutMinMs", "electionTimeoutMaxMs", "restBasePort", "logBackend",
        "clusterId", "maxLineBytes", "address", "Timeout", "Backoff", "ConnectRandom", "BeforeForce",
        "Application", "reads", "interval", "keys", "keySize", "valueSize", "requests", "WINDOWSIZE", "x-y"
    };
    private static final String[] VALUES = {
        "0", "1", "-1", "-2", "10", "65535", "65536", "2147483647", "2147483648", "99999999999999999999", "+5",
        "1e3", "0x10", "true", "false", "yes", "off", "TRUE", "maybe", "strict majority", "fixed:9", "fixed:0",
        "fixed:", "all-in", "one-in", "kv-store", "dummy", "fsync", "fast", "none", "chronicle", "segmented",
        "127.0.0.1:8090:8080", "127.0.0.1:80", "[::1]:1:2", "[::1:1:2", ":1:2", "h:0:1", "h:1:1", "\"quoted\"",
        "\"open", "\\", "a\\q", "", " ", "é", "\uD83D\uDE00", "\"bo\\ngus\"", "\"127.0.0.1:8\\n0:1\"",
        "\"strict\\tmajority\""
    };
    private static final String[] PIECES = {
        "[", "]", "=", "\"", "\\", ";", "#", " ", "\t", "\r", "\u0000", "\u007f", "\u001b", "\uFEFF", "é", "中",
        "\uD800", "\uDC00", "\uD83D\uDE00", "a", "Z", "0", "9", "-", ".", ":", "_", "\\n", "\\\"", "[servers]",
        "address", "windowSize", "= 1"
    };

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomBytesAreRefusedCleanly(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[random.nextInt(2048)];
        for (int i = 0; i < bytes.length; i++) {
            int pick = random.nextInt(10);
            // Mostly printable ASCII and line breaks, so some inputs get past the first line.
            bytes[i] = (byte) (pick < 6 ? 0x20 + random.nextInt(95) : pick < 8 ? '\n' : random.nextInt(256));
        }
        checkEveryParser(seed, new String(bytes, StandardCharsets.ISO_8859_1), lineCount(bytes),
                () -> IniParser.parse("random.conf", bytes));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomLinesAreRefusedCleanly(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        int lines = random.nextInt(40);
        for (int i = 0; i < lines; i++) {
            text.append(randomLine(random)).append(random.nextInt(8) == 0 ? "\r\n" : random.nextInt(20) == 0 ? "\r" : "\n");
        }
        String input = text.toString();
        checkEveryParser(seed, input, lineCount(input), () -> IniParser.parse("random.conf", input));
    }

    /** Valid files with one to three lines broken: these reach the typed checks, not just syntax. */
    @ParameterizedTest
    @MethodSource("seeds")
    void brokenValidFilesAreRefusedCleanly(long seed) {
        RandomConfigs configs = new RandomConfigs(seed);
        SplittableRandom random = configs.random();
        String[] valid = {
            configs.serverConfig().toConfigText(), configs.addressConfig().toConfigText(),
            configs.clientConfig().toConfigText(), configs.workloadConfig().toConfigText()
        };
        List<String> lines = new ArrayList<>(List.of(valid[random.nextInt(valid.length)].split("\n", -1)));
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(5)) {
                case 0:
                    lines.set(at, lines.get(at).replaceAll("=.*",
                            Matcher.quoteReplacement("= " + VALUES[random.nextInt(VALUES.length)])));
                    break;
                case 1:
                    lines.add(at, randomLine(random));
                    break;
                case 2:
                    lines.remove(at);
                    break;
                case 3:
                    lines.add(at, lines.get(at));
                    break;
                default:
                    String line = lines.get(at);
                    lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                    break;
            }
        }
        String input = String.join("\n", lines);
        checkEveryParser(seed, input, lineCount(input), () -> IniParser.parse("broken.conf", input));
    }

    private static String randomLine(SplittableRandom random) {
        switch (random.nextInt(7)) {
            case 0:
                return "[" + pick(random, SECTIONS) + (random.nextBoolean() ? "]" : pick(random, PIECES));
            case 1:
                return pick(random, KEYS) + " = " + pick(random, VALUES);
            case 2:
                return pick(random, KEYS) + "=" + pick(random, VALUES) + (random.nextBoolean() ? " ; note" : "");
            case 3:
                return (random.nextBoolean() ? ";" : "#") + soup(random, 10);
            case 4:
                return pick(random, PIECES).repeat(1 + random.nextInt(50_000));
            default:
                return soup(random, 20);
        }
    }

    private static String soup(SplittableRandom random, int pieces) {
        StringBuilder line = new StringBuilder();
        int count = random.nextInt(pieces + 1);
        for (int i = 0; i < count; i++) {
            line.append(pick(random, random.nextBoolean() ? PIECES : VALUES));
        }
        return line.toString();
    }

    private static String pick(SplittableRandom random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    interface Parse {
        IniDocument run() throws ConfigException;
    }

    interface Validate {
        Object run(IniDocument document) throws ConfigException;
    }

    /** Parses once; if that succeeds, reads the document as every kind of config. */
    private static void checkEveryParser(long seed, String input, int lineCount, Parse parse) {
        IniDocument document;
        try {
            document = parse.run();
        } catch (ConfigException e) {
            assertSyntaxErrorPlaced(seed, input, lineCount, e);
            return;
        } catch (RuntimeException | Error e) {
            fail("seed=" + seed + ": parser threw " + e + " on " + describe(input), e);
            return;
        }
        Validate[] readers = {
            ServerConfig::from, AddressConfig::from, ClientConfig::from, WorkloadConfig::from,
            d -> ClusterConfig.of(d, d)
        };
        for (Validate reader : readers) {
            try {
                reader.run(document);
            } catch (ConfigException e) {
                assertRefusalPlaced(seed, input, lineCount, e);
            } catch (RuntimeException | Error e) {
                fail("seed=" + seed + ": a config reader threw " + e + " on " + describe(input), e);
            }
        }
    }

    private static void assertSyntaxErrorPlaced(long seed, String input, int lineCount, ConfigException e) {
        assertTrue(e.line().isPresent(), () -> "seed=" + seed + ": syntax error without a line: " + e.getMessage());
        assertRefusalPlaced(seed, input, lineCount, e);
    }

    private static void assertRefusalPlaced(long seed, String input, int lineCount, ConfigException e) {
        String message = e.getMessage();
        assertTrue(message.startsWith(e.source() + ":"), () -> "seed=" + seed + ": message does not start with the file: " + message);
        assertTrue(!message.contains("\n") && !message.contains("\r"), () -> "seed=" + seed + ": message spans lines: " + message);
        if (e.line().isPresent()) {
            int line = e.line().getAsInt();
            assertTrue(line >= 1 && line <= lineCount,
                    () -> "seed=" + seed + ": line " + line + " outside 1.." + lineCount + ": " + message);
        } else {
            // No line only when the key is absent from the file (missing, or its default clashes).
            assertTrue(e.key().isPresent(), () -> "seed=" + seed + ": refusal names neither line nor key: " + message
                    + " for " + describe(input));
        }
    }

    private static int lineCount(String text) {
        return (int) text.chars().filter(c -> c == '\n').count() + 1;
    }

    private static int lineCount(byte[] bytes) {
        int lines = 1;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String describe(String input) {
        String shown = input.length() > 300 ? input.substring(0, 300) + "..." : input;
        return "input (" + input.length() + " chars): " + shown.replace("\n", "\\n").replace("\r", "\\r");
    }
}
