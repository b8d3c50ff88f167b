package dev.ios.server;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detection in the server process. Netty's default samples one buffer in 128
 * and records a stack trace for each: on a loaded master that was about 850 stack walks a second
 * on the event loop (JFR, 64 clients: 16,920 {@code ResourceLeakDetector$TraceRecord}s in one
 * run, nearly all of the server's throwables) for a debugging aid. So {@code ios server} turns it
 * off unless the operator asks for a level with {@code -Dio.netty.leakDetection.level=...}
 * ({@code paranoid} when hunting a leak). Only the server's {@code main} calls this: an embedder's
 * process keeps whatever Netty setting it chose.
 */
final class LeakDetection {

    /** Netty's property for the level; set, it wins. */
    static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    /** The older spelling Netty still reads. */
    static final String LEGACY_LEVEL_PROPERTY = "io.netty.leakDetectionLevel";

    private LeakDetection() {}

    /** Disables leak detection unless either property is set; returns the level in force. */
    static ResourceLeakDetector.Level offUnlessAsked() {
        if (System.getProperty(LEVEL_PROPERTY) == null && System.getProperty(LEGACY_LEVEL_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        return ResourceLeakDetector.getLevel();
    }
}
