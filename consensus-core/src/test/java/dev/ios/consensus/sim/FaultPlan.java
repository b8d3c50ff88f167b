package dev.ios.consensus.sim;

/**
 * Which faults a simulation injects before it heals. Rates are per mille (per thousand).
 *
 * @param lossPerMille messages dropped
 * @param duplicatePerMille messages delivered twice
 * @param slowPerMille messages delayed far beyond the usual, so they arrive out of order
 * @param partitions whether the network splits into two sides now and then
 * @param crashes whether servers crash (losing unsynced writes) and restart
 * @param tornWrites whether a crash may keep a random prefix of the unsynced writes
 */
public record FaultPlan(int lossPerMille, int duplicatePerMille, int slowPerMille, boolean partitions,
        boolean crashes, boolean tornWrites) {

    /** No faults: a perfect network and servers that never crash. */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, false, false, false);
    }

    /** Every fault on. */
    public static FaultPlan everything() {
        return new FaultPlan(50, 30, 50, true, true, true);
    }
}
