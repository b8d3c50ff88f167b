package dev.ios.storage.disk;

/**
 * Thrown by {@link CrashingDisk} at the operation chosen with {@link CrashingDisk#crashAtOperation}:
 * the process "dies" there. An {@link Error}, so no store code can catch it as an I/O failure.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String where) {
        super("simulated crash during " + where, null, false, false);
    }
}
