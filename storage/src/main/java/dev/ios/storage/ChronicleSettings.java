package dev.ios.storage;

import dev.ios.consensus.storage.StorageException;
import java.nio.file.Path;

/**
 * What Chronicle Queue needs before and around its first use. Deliberately free of Chronicle
 * types in its signatures and static state, so {@link #apply} runs before any Chronicle class
 * initialises (they read the properties in their static initialisers).
 */
final class ChronicleSettings {

    /** The flags Chronicle needs on JDK 17+; the launcher and storage's surefire configuration set them. */
    static final String JVM_FLAGS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED "
            + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

    private ChronicleSettings() {}

    /** Switches off Chronicle's usage analytics and its start-up announcement, for every embedder. */
    static void apply() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    /**
     * Without the flags Chronicle silently falls back to opening queues read-only (or worse); it
     * must fail loudly instead.
     */
    static void checkJvmFlags(Path dir) {
        Module base = Object.class.getModule();
        Module us = ChronicleSettings.class.getModule();
        StringBuilder missing = new StringBuilder();
        if (!base.isExported("sun.nio.ch", us)) {
            missing.append(" --add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        }
        if (!base.isOpen("java.lang.reflect", us)) {
            missing.append(" --add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
        }
        if (!base.isExported("jdk.internal.ref", us)) {
            missing.append(" --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
        }
        if (missing.length() > 0) {
            throw new StorageException("the chronicle log in " + dir + " needs the JVM flags" + missing
                    + " (without them Chronicle Queue opens files read-only); start the JVM with " + JVM_FLAGS);
        }
    }

    /**
     * Chronicle syncs through a native {@code msync}; if the native library did not load it uses
     * a no-op and "sync" silently does nothing. A real {@code msync} of an unaligned address fails
     * with EINVAL; the no-op returns 0.
     */
    static void checkNativeSync(Path dir) {
        net.openhft.posix.PosixAPI posix = net.openhft.posix.PosixAPI.posix();
        boolean noOp = posix.getClass().getName().contains("NoOp");
        int probe = noOp ? 0 : posix.msync(1L, 4096L, net.openhft.posix.MSyncFlag.MS_SYNC);
        if (noOp || probe == 0) {
            throw new StorageException("native msync is not available (" + posix.getClass().getName()
                    + "), so Chronicle's sync would do nothing: refusing to open the chronicle log in " + dir
                    + " in a durable mode (use the segmented log, or persistence mode none)");
        }
    }
}
