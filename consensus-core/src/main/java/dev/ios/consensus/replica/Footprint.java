package dev.ios.consensus.replica;

/**
 * How many items each of a replica's long-lived collections holds now: for metrics (a runtime may
 * export them) and for tests that check nothing grows with the number of requests.
 *
 * <p>With snapshots on, every field stays below a bound set by the configuration alone (see
 * consensus-core/README.md "Memory"): {@code logSlots} below about {@code snapshotInterval +
 * snapshotTailEntries + windowSize} plus what recovery or catch-up brings in; the others below
 * {@code windowSize}, {@code pendingRequestsMax}, the number of clients with a read waiting, or the
 * server count.
 *
 * @param logSlots indices held in the in-memory log (from {@code discardedBefore} up)
 * @param coordinations indices this server coordinates and has not seen chosen
 * @param inFlight indices the master opened and has not seen chosen
 * @param pendingRequests client requests the master queued for the next batch
 * @param recoveredEntries entries a new master still has to re-propose
 * @param pendingReads participant reads waiting for their read index
 * @param promises {@code NewViewOk}s a candidate holds
 */
public record Footprint(int logSlots, int coordinations, int inFlight, int pendingRequests, int recoveredEntries,
        int pendingReads, int promises) {}
