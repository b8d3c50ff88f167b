package dev.ios.consensus.quorum;

/**
 * The Flexible Paxos grid: {@code rows * columns} servers laid out row by row, server {@code i}
 * in row {@code i / columns} and column {@code i % columns}. A replication quorum contains a whole
 * row ({@code columns} servers); a recovery quorum contains a whole column ({@code rows}
 * servers). Written in a config file as {@code grid 3x2} (rows x columns; see {@link
 * QuorumSystems#parse}).
 *
 * <p>Safe for every size by construction: every row and every column share exactly one server.
 * For at most {@link QuorumIntersection#EXHAUSTIVE_SERVERS_MAX} servers the exhaustive check
 * runs as well. A wide grid ({@code 1xN}) is {@code all-in}; a tall one ({@code Nx1}) is {@code
 * one-in}; in between, replication quorums of {@code columns} servers are traded against
 * recovery quorums of {@code rows}.
 *
 * <p>Immutable.
 */
public final class GridQuorumSystem implements QuorumSystem {

    private final int rows;
    private final int columns;
    // Invariant: rowMasks[r] holds exactly the servers of row r, columnMasks[c] those of column c.
    private final long[] rowMasks;
    private final long[] columnMasks;

    /**
     * Builds and checks the grid.
     *
     * @throws IllegalArgumentException unless {@code rows >= 1}, {@code columns >= 1} and {@code
     *     rows * columns <= 64}
     */
    public GridQuorumSystem(int rows, int columns) {
        if (rows < 1 || columns < 1 || (long) rows * columns > ServerSets.SERVERS_MAX) {
            throw new IllegalArgumentException("grid must have rows >= 1, columns >= 1 and rows * columns <= "
                    + ServerSets.SERVERS_MAX + ", was " + rows + "x" + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.rowMasks = new long[rows];
        this.columnMasks = new long[columns];
        for (int server = 0; server < rows * columns; server++) {
            rowMasks[server / columns] |= 1L << server;
            columnMasks[server % columns] |= 1L << server;
        }
        if (serverCount() <= QuorumIntersection.EXHAUSTIVE_SERVERS_MAX) {
            QuorumIntersection.requireSafe(name(), serverCount(), this::isReplicationQuorum, this::isRecoveryQuorum);
        }
    }

    /** The number of rows; a recovery quorum has this many servers at least. */
    public int rows() {
        return rows;
    }

    /** The number of columns; a replication quorum has this many servers at least. */
    public int columns() {
        return columns;
    }

    @Override
    public int serverCount() {
        return rows * columns;
    }

    @Override
    public boolean isReplicationQuorum(long servers) {
        return containsAny(servers, rowMasks);
    }

    @Override
    public boolean isRecoveryQuorum(long servers) {
        return containsAny(servers, columnMasks);
    }

    /** The coordinator's row: the smallest replication quorum containing it. */
    @Override
    public long thriftyReplicationQuorum(int coordinator) {
        if (coordinator < 0 || coordinator >= serverCount()) {
            throw new IllegalArgumentException("server must be 0.." + (serverCount() - 1) + ", was " + coordinator);
        }
        return rowMasks[coordinator / columns];
    }

    /** The canonical config form, {@code grid <rows>x<columns>}. */
    @Override
    public String name() {
        return "grid " + rows + "x" + columns;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GridQuorumSystem that && rows == that.rows && columns == that.columns;
    }

    @Override
    public int hashCode() {
        return 31 * rows + columns;
    }

    @Override
    public String toString() {
        return name();
    }

    private static boolean containsAny(long servers, long[] masks) {
        for (long mask : masks) {
            if ((servers & mask) == mask) {
                return true;
            }
        }
        return false;
    }
}
