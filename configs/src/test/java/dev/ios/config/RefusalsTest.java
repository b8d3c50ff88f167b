package dev.ios.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Goal: each way a config can be wrong is refused with a message naming the file, the line and
 * the key, and saying what is allowed. The first six are the cases issue 2 asks for by name.
 */
class RefusalsTest {

    /** A valid server config; line numbers below refer to this text. */
    static final String SERVER = String.join("\n",
            "; test server config",               // 1
            "[algorithm]",                        // 2
            "delegateReplication = 0",            // 3
            "quorumSystem = strict majority",     // 4
            "explicitCommit = true",              // 5
            "[performance]",                      // 6
            "length = 1000",                      // 7
            "maxBatch = 10",                      // 8
            "windowSize = 4",                     // 9
            "[application]",                      // 10
            "name = kv-store",                    // 11
            "[unsafe]",                           // 12
            "persistenceMode = fsync",            // 13
            "");

    static final String THREE_SERVERS = String.join("\n",
            "[servers]",
            "address = 127.0.0.1:8090:8080",
            "address = 127.0.0.1:8091:8081",
            "address = 127.0.0.1:8092:8082",
            "");

    @Test
    void theBaseConfigIsValid() throws ConfigException {
        ClusterConfig cluster = ClusterConfig.parse("server.conf", SERVER, "example3.conf", THREE_SERVERS);
        assertEquals(4, cluster.server().performance().windowSize());
        assertEquals(3, cluster.quorumSystem().serverCount());
    }

    @Test
    void windowSizeZeroIsRefusedAtItsLine() {
        ConfigException e = refusedServer(SERVER.replace("windowSize = 4", "windowSize = 0"));
        assertPlaced(e, "server.conf", 9, "windowSize");
        assertEquals("server.conf:9: windowSize = 0: must be an integer >= 1", e.getMessage());
    }

    @Test
    void fixedNineForThreeServersIsRefusedAtItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.parse(
                "server.conf", SERVER.replace("strict majority", "fixed:9"), "example3.conf", THREE_SERVERS));
        assertPlaced(e, "server.conf", 4, "quorumSystem");
        assertContains(e, "quorumSystem = fixed:9");
        assertContains(e, "3 servers of example3.conf");
    }

    @Test
    void fixedNineIsFineForNineServers() throws ConfigException {
        StringBuilder nine = new StringBuilder("[servers]\n");
        for (int i = 0; i < 9; i++) {
            nine.append("address = 127.0.0.1:").append(9000 + i).append(':').append(8000 + i).append('\n');
        }
        ClusterConfig cluster = ClusterConfig.parse(
                "server.conf", SERVER.replace("strict majority", "fixed:9"), "nine.conf", nine.toString());
        assertEquals(9, cluster.quorumSystem().serverCount());
    }

    @Test
    void unknownPersistenceModeIsRefusedAtItsLine() {
        ConfigException e = refusedServer(SERVER.replace("persistenceMode = fsync", "persistenceMode = fast"));
        assertPlaced(e, "server.conf", 13, "persistenceMode");
        assertContains(e, "none, fsync, osync, dsync, direct");
    }

    @Test
    void addressWithoutClientPortIsRefusedAtItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> AddressConfig.parse("addresses.conf",
                "[servers]\naddress = 127.0.0.1:8090:8080\naddress = 127.0.0.1:80\n"));
        assertPlaced(e, "addresses.conf", 3, "address");
        assertContains(e, "address = 127.0.0.1:80");
        assertContains(e, "host:peerPort:clientPort");
    }

    @Test
    void keyOutsideAnySectionIsRefusedAtItsLine() {
        ConfigException e = refusedServer("; no section yet\nwindowSize = 4\n" + SERVER);
        assertPlaced(e, "server.conf", 2, "windowSize");
        assertContains(e, "outside any section");
    }

    @Test
    void unknownSectionIsRefusedAtItsLine() {
        ConfigException e = refusedServer(SERVER + "[network]\nport = 1\n");
        assertEquals(OptionalInt.of(14), e.line(), e.getMessage());
        assertContains(e, "server.conf:14:");
        assertContains(e, "[network]");
        assertContains(e, "[algorithm], [performance], [application], [unsafe], [extensions]");
    }

    @Test
    void unknownKeyIsRefusedAtItsLineListingTheKeysAllowed() {
        ConfigException e = refusedServer(SERVER.replace("maxBatch = 10", "maxBatchSize = 10"));
        assertPlaced(e, "server.conf", 8, "maxBatchSize");
        assertContains(e, "length, batchInterval, maxBatch, windowSize, snapshotInterval");
    }

    @Test
    void missingRequiredKeyIsRefusedNamingItAndItsSection() {
        ConfigException e = refusedServer(SERVER.replace("windowSize = 4\n", ""));
        assertEquals(Optional.of("windowSize"), e.key());
        assertEquals(OptionalInt.of(6), e.line(), "the [performance] header: " + e.getMessage());
        assertContains(e, "missing");
    }

    @Test
    void missingSectionIsRefusedNamingTheFileAndKey() {
        ConfigException e = refusedServer(SERVER.replace("[unsafe]\npersistenceMode = fsync\n", ""));
        assertEquals(Optional.of("persistenceMode"), e.key());
        assertTrue(e.getMessage().startsWith("server.conf: persistenceMode: is missing"), e.getMessage());
    }

    @Test
    void repeatedSingleKeyIsRefusedNamingBothLines() {
        ConfigException e = refusedServer(SERVER.replace("maxBatch = 10", "maxBatch = 10\nMAXBATCH = 20"));
        assertPlaced(e, "server.conf", 9, "MAXBATCH");
        assertContains(e, "first on line 8");
    }

    @Test
    void badBooleanIsRefusedAtItsLine() {
        ConfigException e = refusedServer(SERVER.replace("explicitCommit = true", "explicitCommit = sometimes"));
        assertPlaced(e, "server.conf", 5, "explicitCommit");
        assertContains(e, "true or false");
    }

    @Test
    void integerOverflowIsRefusedNotWrapped() {
        ConfigException e = refusedServer(SERVER.replace("length = 1000", "length = 4294967297"));
        assertPlaced(e, "server.conf", 7, "length");
    }

    @Test
    void delegatingToMoreServersThanExistIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.parse(
                "server.conf", SERVER.replace("delegateReplication = 0", "delegateReplication = 3"),
                "example3.conf", THREE_SERVERS));
        assertPlaced(e, "server.conf", 3, "delegateReplication");
        assertContains(e, "at most 2");
    }

    @Test
    void restPortsClashingWithAnAddressAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.parse(
                "server.conf", SERVER + "[extensions]\nrestBasePort = 8079\n", "example3.conf", THREE_SERVERS));
        // Server 1 would get 8080, which is server 0's client port.
        assertPlaced(e, "server.conf", 15, "restBasePort");
        assertContains(e, "8080");
    }

    @Test
    void electionTimeoutBelowTwoHeartbeatsIsRefused() {
        ConfigException e = refusedServer(SERVER + "[extensions]\nheartbeatIntervalMs = 100\nelectionTimeoutMinMs = 150\n");
        assertPlaced(e, "server.conf", 16, "electionTimeoutMinMs");
        assertContains(e, "twice heartbeatIntervalMs");
    }

    @Test
    void aClashWithADefaultNamesTheKeyAndTheDefault() {
        ConfigException e = refusedServer(SERVER + "[extensions]\nheartbeatIntervalMs = 600\n");
        assertEquals(Optional.of("electionTimeoutMinMs"), e.key());
        assertContains(e, "default 1000");
    }

    @Test
    void duplicateEndpointIsRefusedNamingTheEarlierLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> AddressConfig.parse("addresses.conf",
                "[servers]\naddress = 127.0.0.1:8090:8080\naddress = 127.0.0.1:8080:8091\n"));
        assertPlaced(e, "addresses.conf", 3, "address");
        assertContains(e, "line 2");
    }

    @Test
    void portZeroIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AddressConfig.parse("addresses.conf", "[servers]\naddress = 127.0.0.1:0:8080\n"));
        assertPlaced(e, "addresses.conf", 2, "address");
    }

    @Test
    void oldPeersLayoutIsRefusedWithAdvice() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AddressConfig.parse("old.conf", "[peers]\naddress = 127.0.0.1:8090\n"));
        assertEquals(OptionalInt.of(1), e.line(), e.getMessage());
        assertContains(e, "[servers] address = host:peerPort:clientPort");
    }

    @Test
    void emptyAddressFileIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> AddressConfig.parse("empty.conf", "; none\n"));
        assertEquals(Optional.of("address"), e.key());
        assertContains(e, "at least one");
    }

    @Test
    void clientAndWorkloadValuesAreChecked() {
        ConfigException client = assertThrows(ConfigException.class, () -> ClientConfig.parse("client.conf",
                "[parameters]\nTimeout = 500\nBackoff = 10\nBeforeForce = -2\nApplication = kv-store\n"));
        assertPlaced(client, "client.conf", 4, "BeforeForce");
        ConfigException workload = assertThrows(ConfigException.class, () -> WorkloadConfig.parse("w.conf",
                "[config]\nreads = 101\nkeys = 1\nkeySize = 1\nvalueSize = 1\nrequests = 1\n"));
        assertPlaced(workload, "w.conf", 2, "reads");
        assertContains(workload, "from 0 to 100");
    }

    @Test
    void everyOptionOfOursIsRefusedOutOfRange() {
        List<String> bad = List.of("heartbeatIntervalMs = 0", "electionTimeoutMaxMs = 600001", "restBasePort = 65536",
                "logBackend = rocksdb", "clusterId = has space", "maxLineBytes = 1023");
        for (String line : bad) {
            ConfigException e = refusedServer(SERVER + "[extensions]\n" + line + "\n");
            assertEquals(OptionalInt.of(15), e.line(), line + " -> " + e.getMessage());
            assertContains(e, line);
        }
    }

    @Test
    void aValueWithAnEscapedNewlineStillGivesAOneLineMessage() {
        ConfigException e = refusedServer(SERVER.replace("strict majority", "\"bo\\ngus\""));
        assertPlaced(e, "server.conf", 4, "quorumSystem");
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        assertContains(e, "bo\\u000agus");
    }

    @Test
    void aLoneCarriageReturnIsRefusedAsSuch() {
        ConfigException e = assertThrows(ConfigException.class, () -> IniParser.parse("mac.conf", "[a]\rx = 1\r"));
        assertEquals(OptionalInt.of(1), e.line(), e.getMessage());
        assertContains(e, "carriage return");
    }

    private static ConfigException refusedServer(String text) {
        return assertThrows(ConfigException.class, () -> ServerConfig.parse("server.conf", text));
    }

    private static void assertPlaced(ConfigException e, String file, int line, String key) {
        assertEquals(OptionalInt.of(line), e.line(), e.getMessage());
        assertEquals(Optional.of(key), e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + key), e.getMessage());
    }

    private static void assertContains(ConfigException e, String part) {
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
}
