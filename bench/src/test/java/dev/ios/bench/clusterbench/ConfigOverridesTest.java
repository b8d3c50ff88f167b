package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.cluster.ClusterLayout;
import dev.ios.bench.cluster.ServerBuild;
import dev.ios.config.ConfigException;
import dev.ios.config.PersistenceMode;
import dev.ios.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server config the benchmark writes: the preset's file with the flags' values on top, valid and read back equal. */
class ConfigOverridesTest {

    private static final Path HOME = ServerBuild.repositoryRoot();
    private static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null, null, null, null, null, null, null, null);

    @Test
    void nullOverridesKeepThePresetAndOnlyAddRest() throws Exception {
        ServerConfig preset = ServerConfig.read(HOME.resolve("configs/delegated/server.conf"));
        ServerConfig written = NONE.applyTo(preset, 19100);
        assertEquals(preset.algorithm(), written.algorithm());
        assertEquals(preset.performance(), written.performance());
        assertEquals(preset.unsafe(), written.unsafe());
        assertEquals(19100, written.extensions().restBasePort());
    }

    @Test
    void everyOverrideLandsInTheConfigTextAndReadsBack() throws Exception {
        ConfigOverrides all = new ConfigOverrides(-1, true, true, true, 64, 256, PersistenceMode.NONE, 500, true, false, false);
        ServerConfig written = all.applyTo(ServerConfig.read(HOME.resolve("configs/simple/server.conf")), 19100);
        ServerConfig reread = ServerConfig.parse("written", written.toConfigText());
        assertEquals(written, reread);
        assertEquals(-1, reread.algorithm().delegateReplication());
        assertTrue(reread.algorithm().thriftyQuorum());
        assertTrue(reread.algorithm().participantRead());
        assertTrue(reread.algorithm().implicitWindowCommit());
        assertEquals(64, reread.performance().windowSize());
        assertEquals(256, reread.performance().maxBatch());
        assertEquals(500, reread.performance().snapshotInterval());
        assertEquals(PersistenceMode.NONE, reread.unsafe().persistenceMode());
        assertTrue(reread.algorithm().participantHandle());
        assertFalse(reread.algorithm().explicitCommit(), "the simple preset's true, overridden");
        assertFalse(reread.extensions().syncOnLoop(), "the default true, overridden");
        assertFalse(NONE.applyTo(ServerConfig.read(HOME.resolve("configs/simple/server.conf")), 19100).algorithm()
                .participantHandle(), "no override: stays the preset's");
    }

    @Test
    void serverConfigIsCheckedAgainstTheCluster() throws Exception {
        ClusterLayout layout = ClusterLayout.fromBase(3, 19080);
        int rest = ClusterRun.restBasePort(19080, 3);
        assertEquals(19100, rest, "REST ports follow the peer ports with the same gap");
        RunSpec ok = spec(new ConfigOverrides(2, null, null, null, null, null, null, null, null, null, null));
        assertEquals(2, ClusterRun.serverConfig(HOME, ok, layout, rest).algorithm().delegateReplication());
        // Delegating to 5 other servers needs 6; the configs module names the key.
        RunSpec tooMany = spec(new ConfigOverrides(5, null, null, null, null, null, null, null, null, null, null));
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterRun.serverConfig(HOME, tooMany, layout, rest));
        assertTrue(e.getMessage().contains("delegateReplication"), e.getMessage());
    }

    @Test
    void anOutOfRangeFlagIsAConfigError() {
        RunSpec zeroWindow = spec(new ConfigOverrides(null, null, null, null, 0, null, null, null, null, null, null));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterRun.serverConfig(HOME, zeroWindow, ClusterLayout.fromBase(3, 19080), 19100));
        assertTrue(e.getMessage().contains("windowSize"), e.getMessage());
    }

    private static RunSpec spec(ConfigOverrides overrides) {
        return new RunSpec(SystemUnderTest.IOS, "simple", overrides, 3, 1, 1, 0, 0, 100, 1000, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1), false, 1, 0, false, Duration.ofSeconds(30), 1);
    }
}
