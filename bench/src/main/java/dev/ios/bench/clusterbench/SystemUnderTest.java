package dev.ios.bench.clusterbench;

import java.util.Locale;

/**
 * What a run measures: an Ios cluster, SOFAJRaft 1.3.15 peers (module bench/sofajraft) or Apache
 * Ratis 3.3.0 peers (module bench/ratis), the Raft libraries loaded by the same clients through the
 * same line protocol, for issue 7's same-run comparison.
 */
public enum SystemUnderTest {
    IOS,
    SOFAJRAFT,
    RATIS;

    /** The name in flags, the table and the JSON line: {@code ios}, {@code sofajraft}, {@code ratis}. */
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
        throw new IllegalArgumentException("unknown system '" + name + "': ios, sofajraft or ratis");
    }
}
