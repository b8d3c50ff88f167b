package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.config.PersistenceMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ios clusterbench}'s flags: which runs they ask for, with what config, and exit 2 for bad ones. */
class ClusterBenchMainTest {

    @Test
    void defaultsAreOneRunOfEightClientsWithTheSpeedSettings() {
        List<RunSpec> runs = parse();
        assertEquals(1, runs.size());
        RunSpec run = runs.get(0);
        assertEquals(8, run.clients());
        assertEquals(3, run.servers());
        assertEquals("simple", run.preset());
        assertEquals(Duration.ofSeconds(10), run.duration());
        assertEquals(Duration.ofSeconds(15), run.warmup());
        // Snapshots on, unlike the presets: without them the heap fills with log (docs/cluster-bench.md).
        assertEquals(new ConfigOverrides(null, null, null, true, 64, 256, PersistenceMode.FSYNC, 10000, null, null, null), run.overrides());
        assertEquals(100, run.valueSize());
        assertEquals(1000, run.keys());
        assertEquals(SystemUnderTest.IOS, run.system());
        assertFalse(run.check() || run.soak() || run.fill() > 0);
        assertEquals(1, run.depth(), "one request in flight per client");
        assertEquals(8, run.connectionsPerServer(), "a connection per client");
    }

    @Test
    void aClientListAndTheMatrixRunOncePerCount() {
        assertEquals(List.of(2, 5), parse("--clients", "2,5").stream().map(RunSpec::clients).toList());
        assertEquals(List.of(1, 8, 64), parse("--matrix").stream().map(RunSpec::clients).toList());
    }

    @Test
    void systemsAlternateWithinEachClientCount() {
        List<String> runs = parse("--systems", "ios,sofajraft", "--clients", "1,8").stream()
                .map(r -> r.system().flagName() + "/" + r.clients()).toList();
        assertEquals(List.of("ios/1", "sofajraft/1", "ios/8", "sofajraft/8"), runs);
        assertEquals(List.of(SystemUnderTest.SOFAJRAFT), parse("--system", "sofajraft").stream().map(RunSpec::system).toList());
        assertEquals(List.of(SystemUnderTest.RATIS), parse("--system", "ratis").stream().map(RunSpec::system).toList());
        List<String> three = parse("--systems", "ios,sofajraft,ratis", "--clients", "1,8").stream()
                .map(r -> r.system().flagName() + "/" + r.clients()).toList();
        assertEquals(List.of("ios/1", "sofajraft/1", "ratis/1", "ios/8", "sofajraft/8", "ratis/8"), three);
    }

    @Test
    void delegationMatrixRunsSixConfigsAtOneCount() {
        List<RunSpec> runs = parse("--delegation-matrix");
        assertEquals(6, runs.size());
        assertTrue(runs.stream().allMatch(r -> r.clients() == 64));
        assertEquals(List.of(0, 0, 2, 2, -1, -1), runs.stream().map(r -> r.overrides().delegation()).toList());
        assertEquals(List.of(false, true, false, true, false, true), runs.stream().map(r -> r.overrides().thrifty()).toList());
        assertTrue(parse("--delegation-matrix", "--clients", "16").stream().allMatch(r -> r.clients() == 16));
        assertTrue(runs.stream().allMatch(r -> Boolean.TRUE.equals(r.overrides().participantHandle())),
                "clients spread over every server, so delegation -1 means something");
        assertTrue(parse("--delegation-matrix", "--no-participant-handle").stream()
                .allMatch(r -> Boolean.FALSE.equals(r.overrides().participantHandle())));
    }

    @Test
    void flagsReachTheRun() {
        RunSpec run = parse("--preset", "fpaxos", "--delegation", "2", "--no-thrifty", "--participant-read", "--window", "8",
                "--max-batch", "32", "--persistence", "none", "--snapshot-interval", "100", "--no-implicit-window-commit",
                "--no-explicit-commit", "--no-sync-on-loop",
                "--reads", "50", "--value-size", "10", "--keys", "7", "--check", "--seed", "99", "--duration", "2s",
                "--servers", "5", "--depth", "1").get(0);
        assertEquals(new ConfigOverrides(2, false, true, false, 8, 32, PersistenceMode.NONE, 100, null, false, false), run.overrides());
        assertEquals("fpaxos", run.preset());
        assertEquals(50, run.reads());
        assertEquals(10, run.valueSize());
        assertEquals(7, run.keys());
        assertTrue(run.check());
        assertEquals(99, run.seed());
        assertEquals(Duration.ofSeconds(2), run.duration());
        assertEquals(5, run.servers());
        assertEquals(4, parse("--depth", "4").get(0).depth());
    }

    @Test
    void soakReplacesTheDuration() {
        RunSpec run = parse("--soak", "10m").get(0);
        assertTrue(run.soak());
        assertEquals(Duration.ofMinutes(10), run.duration());
        assertEquals(Duration.ofSeconds(30), run.soakSampleEvery());
    }

    @Test
    void badFlagsExitTwoWithAMessage() {
        for (String[] args : List.of(new String[] {"--reads", "101"}, new String[] {"--matrix", "--clients", "4"},
                new String[] {"--preset", "nosuch"}, new String[] {"--persistence", "sometimes"},
                new String[] {"--check", "--fill", "10"}, new String[] {"--duration", "soon"},
                new String[] {"--delegation-matrix", "--thrifty"}, new String[] {"--clients", "0"},
                new String[] {"--system", "etcd"}, new String[] {"--systems", "ios,ios"},
                new String[] {"--system", "ios", "--systems", "ios,sofajraft"},
                new String[] {"--delegation-matrix", "--system", "sofajraft"}, new String[] {"--depth", "0"},
                new String[] {"--systems", "ios,ratis,ratis"}, new String[] {"--delegation-matrix", "--system", "ratis"},
                new String[] {"--check", "--depth", "4"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ClusterBenchMain.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), args);
            assertEquals(2, code, String.join(" ", args));
            assertFalse(err.toString(StandardCharsets.UTF_8).isBlank(), String.join(" ", args));
        }
    }

    @Test
    void helpExitsZeroAndNamesTheFlags() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, ClusterBenchMain.run(new PrintStream(out, true), System.err, "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : List.of("--clients", "--matrix", "--delegation-matrix", "--check", "--fill", "--soak",
                "--server-jvm-opts", "--base-port", "--[no-]participant-read", "--system", "--systems", "--depth")) {
            assertTrue(help.contains(flag), flag);
        }
    }

    @Test
    void withoutTheServerClasspathItSaysToUseTheLauncher() {
        assertSaysToUseTheLauncher(dev.ios.bench.ServerClasspath.PROPERTY, "--clients", "1");
    }

    @Test
    void sofajraftWithoutItsClasspathSaysToUseTheLauncher() {
        assertSaysToUseTheLauncher(dev.ios.bench.ServerClasspath.SOFAJRAFT_PROPERTY, "--system", "sofajraft");
    }

    @Test
    void ratisWithoutItsClasspathSaysToUseTheLauncher() {
        assertSaysToUseTheLauncher(dev.ios.bench.ServerClasspath.RATIS_PROPERTY, "--systems", "ratis");
    }

    /** With system property {@code property} unset, {@code args} exit 2, naming it and the launcher. */
    private static void assertSaysToUseTheLauncher(String property, String... args) {
        String saved = System.getProperty(property);
        System.clearProperty(property);
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, ClusterBenchMain.run(System.out, new PrintStream(err, true), args));
            String printed = err.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains(property) && printed.contains("./ios clusterbench"), printed);
        } finally {
            if (saved != null) {
                System.setProperty(property, saved);
            }
        }
    }

    private static List<RunSpec> parse(String... args) {
        ClusterBenchMain main = new ClusterBenchMain(System.out, System.err);
        new CommandLine(main).parseArgs(args);
        return main.runs();
    }
}
