package dev.ios.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server turns Netty's leak detection off, unless the operator set a level. */
class LeakDetectionTest {

    private ResourceLeakDetector.Level before;
    private String property;
    private String legacy;

    @BeforeEach
    void remember() {
        before = ResourceLeakDetector.getLevel();
        property = System.clearProperty(LeakDetection.LEVEL_PROPERTY);
        legacy = System.clearProperty(LeakDetection.LEGACY_LEVEL_PROPERTY);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(before);
        restore(LeakDetection.LEVEL_PROPERTY, property);
        restore(LeakDetection.LEGACY_LEVEL_PROPERTY, legacy);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void withoutAPropertyItIsOff() {
        assertEquals(ResourceLeakDetector.Level.DISABLED, LeakDetection.offUnlessAsked());
    }

    @Test
    void aLevelTheOperatorSetIsLeftAlone() {
        System.setProperty(LeakDetection.LEVEL_PROPERTY, "paranoid");
        assertEquals(ResourceLeakDetector.Level.SIMPLE, LeakDetection.offUnlessAsked());
        System.clearProperty(LeakDetection.LEVEL_PROPERTY);
        System.setProperty(LeakDetection.LEGACY_LEVEL_PROPERTY, "advanced");
        assertEquals(ResourceLeakDetector.Level.SIMPLE, LeakDetection.offUnlessAsked());
    }
}
