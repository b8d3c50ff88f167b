package dev.ios.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Goal: every example file shipped in {@code configs/} parses, holds Ios's preset settings, and
 * suits the example address files; and no example file goes untested.
 */
class ExampleFilesTest {

    /** The module directory: Maven passes it as {@code basedir}; an IDE usually runs there too. */
    static final Path DIR = Path.of(System.getProperty("basedir", "."));

    static final List<String> SERVER_FILES = List.of("simple/server.conf", "delegated/server.conf", "fpaxos/server.conf");
    static final List<String> ADDRESS_FILES = List.of("example.conf", "example3.conf");
    static final List<String> WORKLOAD_FILES = List.of(
            "workloads/example.conf", "workloads/balanced.conf", "workloads/read-heavy.conf", "workloads/write-heavy.conf");

    @Test
    void everyExampleFileIsCoveredHere() throws IOException {
        assertTrue(Files.isRegularFile(DIR.resolve("pom.xml")), "tests must run in the configs module dir, not " + DIR.toAbsolutePath());
        Set<String> expected = new TreeSet<>();
        expected.addAll(SERVER_FILES);
        expected.addAll(ADDRESS_FILES);
        expected.addAll(WORKLOAD_FILES);
        expected.add("client.conf");
        Set<String> found;
        try (Stream<Path> files = Files.walk(DIR)) {
            found = files.filter(p -> p.toString().endsWith(".conf"))
                    .map(p -> DIR.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith("target/") && !p.startsWith("src/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, found);
    }

    @Test
    void simplePresetIsClassicPaxos() throws ConfigException {
        ServerConfig simple = ServerConfig.read(DIR.resolve("simple/server.conf"));
        assertEquals(0, simple.algorithm().delegateReplication());
        assertEquals("strict majority", simple.algorithm().quorumSystem());
        assertTrue(simple.algorithm().explicitCommit());
        assertFalse(simple.algorithm().thriftyQuorum());
        assertEquals(new PerformanceSettings(100_000, 0, 10, 1, 10_000), simple.performance());
        assertEquals(Application.KV_STORE, simple.application());
        assertEquals(new UnsafeSettings(false, PersistenceMode.FSYNC), simple.unsafe());
        assertEquals(ExtensionSettings.DEFAULTS, simple.extensions());
    }

    @Test
    void delegatedPresetDelegatesToTwoThriftily() throws ConfigException {
        ServerConfig delegated = ServerConfig.read(DIR.resolve("delegated/server.conf"));
        assertEquals(new AlgorithmSettings(2, "strict majority", false, false, false, false, false, true),
                delegated.algorithm());
        assertEquals(new PerformanceSettings(100_000, 0, 100, 10, 10_000), delegated.performance());
    }

    @Test
    void fpaxosPresetUsesEveryServer() throws ConfigException {
        ServerConfig fpaxos = ServerConfig.read(DIR.resolve("fpaxos/server.conf"));
        assertEquals(new AlgorithmSettings(-1, "strict majority", true, true, true, true, true, false),
                fpaxos.algorithm());
        assertEquals(new PerformanceSettings(100_000, 0, 100, 1, 1000), fpaxos.performance());
    }

    @Test
    void everyPresetSuitsBothAddressFiles() throws ConfigException {
        for (String server : SERVER_FILES) {
            for (String addresses : ADDRESS_FILES) {
                // delegated/ delegates to 2 other servers, so it needs 3; one server is refused.
                boolean fits = !(server.startsWith("delegated") && addresses.equals("example.conf"));
                try {
                    ClusterConfig.read(DIR.resolve(server), DIR.resolve(addresses));
                    assertTrue(fits, server + " with " + addresses + " should be refused");
                } catch (ConfigException e) {
                    assertFalse(fits, e.getMessage());
                    assertEquals(java.util.Optional.of("delegateReplication"), e.key(), e.getMessage());
                }
            }
        }
    }

    @Test
    void addressFilesListIosPorts() throws ConfigException {
        assertEquals(List.of(new ServerAddress("127.0.0.1", 8090, 8080)),
                AddressConfig.read(DIR.resolve("example.conf")).servers());
        assertEquals(List.of(new ServerAddress("127.0.0.1", 8090, 8080), new ServerAddress("127.0.0.1", 8091, 8081),
                        new ServerAddress("127.0.0.1", 8092, 8082)),
                AddressConfig.read(DIR.resolve("example3.conf")).servers());
    }

    @Test
    void clientFileHasIosSettings() throws ConfigException {
        assertEquals(new ClientConfig(500, 10, false, 3, Application.KV_STORE),
                ClientConfig.read(DIR.resolve("client.conf")));
    }

    @Test
    void workloadsDifferOnlyInTheirShareOfReads() throws ConfigException {
        int[] reads = {50, 50, 90, 10};
        for (int i = 0; i < WORKLOAD_FILES.size(); i++) {
            assertEquals(new WorkloadConfig(reads[i], 0, 10, 1, 8, 1000),
                    WorkloadConfig.read(DIR.resolve(WORKLOAD_FILES.get(i))), WORKLOAD_FILES.get(i));
        }
    }
}
