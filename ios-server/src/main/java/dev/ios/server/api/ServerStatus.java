package dev.ios.server.api;

import java.util.List;

/**
 * A point-in-time view of one server for {@code GET /status} and tools.
 *
 * @param serverId this server
 * @param view its current view
 * @param master the master of that view (view mod N)
 * @param role {@code FOLLOWER}, {@code CANDIDATE} or {@code MASTER}
 * @param indexCommitted the highest index this server knows to be chosen
 * @param indexApplied the highest index applied to its state machine (at most indexCommitted)
 * @param logRecords records held in the log
 * @param peers every other server and whether it is connected
 */
public record ServerStatus(int serverId, long view, int master, String role, long indexCommitted, long indexApplied,
        long logRecords,
        List<Peer> peers) {

    /** One peer as this server sees it. */
    public record Peer(int id, String address, boolean connected) {}
}
