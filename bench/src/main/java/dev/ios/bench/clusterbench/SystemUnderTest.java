package dev.ios.bench.clusterbench;

import java.util.Locale;

/**
 * What a run measures: an Ios cluster, or SOFAJRaft 1.3.15 peers (module bench/sofajraft) loaded by
 * the same clients through the same line protocol, for issue 7's same-run comparison.
 */
public enum SystemUnderTest {
    IOS,
    SOFAJRAFT;

    /** The name in flags, the table and the JSON line: {@code ios}, {@code sofajraft}. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The system {@code name} names; throws IllegalArgumentException listing the names otherwise. */
    public static SystemUnderTest parse(String name) {
        for (SystemUnderTest system : values()) {
            if (system.flagName().equals(name)) {
                return system;
            }
        }
        throw new IllegalArgumentException("unknown system '" + name + "': ios or sofajraft");
    }
}
