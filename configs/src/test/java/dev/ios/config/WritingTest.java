package dev.ios.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Goal: what we write stays readable by Ios where it can be, and models checked in code (not
 * parsed) are refused as clearly as files.
 */
class WritingTest {

    @Test
    void defaultExtensionsAreNotWrittenSoIosCanReadTheFile() throws ConfigException {
        ServerConfig simple = ServerConfig.read(ExampleFilesTest.DIR.resolve("simple/server.conf"));
        String text = simple.toConfigText();
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("[extensions]"), text);
        assertEquals(simple, ServerConfig.parse("written.conf", text));
    }

    @Test
    void changedExtensionsAreWrittenAndReadBack() throws ConfigException {
        ServerConfig simple = ServerConfig.read(ExampleFilesTest.DIR.resolve("simple/server.conf"));
        ServerConfig chronicle = new ServerConfig(simple.algorithm(), simple.performance(), simple.application(),
                simple.unsafe(), new ExtensionSettings(50, 500, 900, 9000, LogBackend.CHRONICLE, "test", 4096, false));
        String text = chronicle.toConfigText();
        assertTrue(text.contains("[extensions]\n"), text);
        assertTrue(text.contains("logBackend = chronicle\n"), text);
        assertTrue(text.contains("syncOnLoop = false\n"), text);
        ServerConfig defaultSync = new ServerConfig(simple.algorithm(), simple.performance(), simple.application(),
                simple.unsafe(), new ExtensionSettings(50, 500, 900, 9000, LogBackend.CHRONICLE, "test", 4096, true));
        assertFalse(defaultSync.toConfigText().contains("syncOnLoop"), "a later key at its default is left out");
        assertEquals(defaultSync, ServerConfig.parse("written.conf", defaultSync.toConfigText()));
        assertEquals(chronicle, ServerConfig.parse("written.conf", text));
    }

    @Test
    void addressesAreWrittenInIosFormatWithIpv6InBrackets() throws ConfigException {
        AddressConfig addresses = new AddressConfig(List.of(
                new ServerAddress("127.0.0.1", 8090, 8080), new ServerAddress("::1", 8091, 8081)));
        String text = addresses.toConfigText();
        assertTrue(text.contains("address = 127.0.0.1:8090:8080\naddress = [::1]:8091:8081\n"), text);
        assertEquals(addresses, AddressConfig.parse("written.conf", text));
    }

    @Test
    void validateForRefusesAQuorumSystemTooBigNamingTheKey() throws ConfigException {
        ServerConfig simple = ServerConfig.read(ExampleFilesTest.DIR.resolve("simple/server.conf"));
        ServerConfig fixedNine = new ServerConfig(
                new AlgorithmSettings(0, "fixed:9", false, false, false, false, true, false),
                simple.performance(), simple.application(), simple.unsafe(), simple.extensions());
        AddressConfig three = AddressConfig.read(ExampleFilesTest.DIR.resolve("example3.conf"));
        ConfigException e = assertThrows(ConfigException.class, () -> fixedNine.validateFor(three));
        assertEquals(Optional.of("quorumSystem"), e.key(), e.getMessage());
        assertEquals(OptionalInt.empty(), e.line(), "a model has no lines: " + e.getMessage());
        IllegalArgumentException inCode = assertThrows(IllegalArgumentException.class,
                () -> new ClusterConfig(fixedNine, three));
        assertTrue(inCode.getMessage().contains("fixed:9"), inCode.getMessage());
    }

    @Test
    void modelsBuiltInCodeRefuseValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new PerformanceSettings(1, 0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ServerAddress("127.0.0.1", 80, 80));
        assertThrows(IllegalArgumentException.class, () -> new ServerAddress("", 1, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new AlgorithmSettings(0, "most", false, false, false, false, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ExtensionSettings(100, 150, 2000, 0,
                LogBackend.SEGMENTED, "ios", 1 << 20, true));
        assertThrows(IllegalArgumentException.class, () -> new AddressConfig(List.of()));
    }
}
