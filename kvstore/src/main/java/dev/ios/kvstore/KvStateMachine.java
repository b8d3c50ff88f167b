package dev.ios.kvstore;

import dev.ios.consensus.Check;
import dev.ios.consensus.statemachine.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Ios's key-value store as a replicated {@link StateMachine}, with per-client sessions for
 * exactly-once.
 *
 * <p><b>Commands</b> are UTF-8 lines in the grammar of {@link CommandParser}; responses are Ios's
 * strings ({@link Responses}), UTF-8 encoded. A line that does not parse is answered
 * {@code request not recognised} and changes nothing; a joined command applies all its parts or,
 * if any part does not parse, none.
 *
 * <p><b>Sessions.</b> Per client the machine keeps the last applied request id and its response. A
 * request with that id again (a retry) gets the saved response and is not applied again; an older
 * id gets {@link Responses#stale} and changes nothing; a newer id (gaps allowed) is applied and
 * replaces the session. The table is bounded ({@link #SESSIONS_MAX_DEFAULT} clients unless
 * given): when a new client would exceed the bound, the least recently active client is forgotten —
 * deterministically, by the order of applied requests, never by time, so every server forgets the
 * same one. A forgotten client that retries its last request has it applied again (and an older
 * request id of it is applied instead of refused as stale), so the bound must be larger than the
 * number of clients that may be retrying at once, and the same on every server.
 * {@link #SESSIONS_UNBOUNDED} keeps every client forever, as Ios did: memory then grows with every
 * client id ever seen.
 *
 * <p><b>Threads:</b> not thread-safe; as the {@link StateMachine} contract says, one thread calls
 * every method. Nothing here reads a clock or randomness, so servers that apply the same commands
 * reach the same state and write the same snapshot bytes.
 */
public final class KvStateMachine implements StateMachine {

    /** No bound: every client ever seen keeps its session, as in Ios. */
    public static final int SESSIONS_UNBOUNDED = Integer.MAX_VALUE;

    /**
     * The default bound, 100,000 clients: about 20 MB of sessions with short responses (194 B per
     * session answered {@code OK}, measured by {@code KvFootprint}; a longer last response adds its
     * length). A client is forgotten only after 100,000 other clients had a request applied since
     * its own last one — far beyond any number of clients that retry at once — while client ids
     * that are random per run (Ios's clients) can no longer grow the table without bound.
     */
    public static final int SESSIONS_MAX_DEFAULT = 100_000;

    private final int sessionsMax;
    private final KvStore store = new KvStore();
    private Sessions sessions;

    // Invariant: never decreases between restores; every apply has index >= indexApplied.
    private long indexApplied;

    /** A machine with an empty store that keeps at most {@link #SESSIONS_MAX_DEFAULT} sessions. */
    public KvStateMachine() {
        this(SESSIONS_MAX_DEFAULT);
    }

    /**
     * A machine with an empty store that keeps at most {@code sessionsMax} sessions (see above).
     *
     * @throws IllegalArgumentException if {@code sessionsMax < 1}
     */
    public KvStateMachine(int sessionsMax) {
        this.sessionsMax = sessionsMax;
        this.sessions = new Sessions(sessionsMax);
    }

    /**
     * Applies {@code command} for {@code clientId}'s request {@code requestId}, chosen at
     * {@code index}, and returns the response (a fresh array the caller may keep).
     *
     * <p>Never throws because of the command, the client or the request id: malformed bytes get
     * {@code request not recognised}, an old request id gets a stale-request response. Indices must
     * not go backwards: the same index repeats for the requests of one batched entry, and indices
     * of noop entries may be skipped.
     *
     * @throws Check.InvariantViolation if {@code index} is below the last applied index (a runtime
     *     bug: applying out of order would make servers diverge)
     */
    @Override
    public byte[] apply(long index, long clientId, long requestId, byte[] command) {
        Check.that(index >= indexApplied, "index >= indexApplied", index, indexApplied);
        indexApplied = index;
        Sessions.Session session = sessions.touch(clientId);
        if (session != null && requestId == session.requestId()) {
            return session.response().clone();
        }
        if (session != null && requestId < session.requestId()) {
            // Not saved: the session still answers retries of its newest request.
            return bytes(Responses.stale(clientId, requestId, session.requestId()));
        }
        byte[] response = bytes(execute(command));
        sessions.put(clientId, new Sessions.Session(requestId, response));
        return response.clone();
    }

    /**
     * Answers a read-only command from the current state, changing nothing (participant reads):
     * {@code request not recognised} for a line that does not parse, {@code request not read-only}
     * for a command with any write in it. Never throws.
     */
    @Override
    public byte[] read(byte[] command) {
        ParseResult parsed = CommandParser.parse(command);
        if (parsed instanceof ParseResult.Parsed p) {
            return bytes(p.command().isReadOnly() ? store.execute(p.command()) : Responses.NOT_READ_ONLY);
        }
        return bytes(Responses.NOT_RECOGNISED);
    }

    /**
     * Writes the store, the sessions and the last applied index to {@code out} in the format of
     * {@code kvstore/README.md} (version 1), flushing but not closing it. Equal states give equal
     * bytes.
     *
     * @throws IOException only if {@code out} does
     */
    @Override
    public void snapshot(OutputStream out) throws IOException {
        capture().writeTo(out);
    }

    /**
     * The state now, for a snapshot written on another thread, in O(1): the pairs and the session
     * rows are both frozen, not copied ({@link PairTree#freeze}, {@link SessionTree#freeze}: later
     * writes copy the tree nodes they change instead of changing them). The image writes the bytes
     * {@link #snapshot} would have written now, however much is applied or restored before it is
     * written, and several images may be outstanding at once, each with its own moment.
     *
     * <p>Threads: the image may be written on any thread that received it with a happens-before
     * edge after this call (the runtime hands it to its snapshot executor, which gives one). It
     * reads only the two frozen trees and the index, none of which this machine writes again.
     */
    @Override
    public Image capture() {
        long index = indexApplied;
        PairTree.Frozen pairs = store.freeze();
        SessionTree.Frozen sessionRows = sessions.freeze();
        return out -> SnapshotCodec.write(index, pairs, sessionRows, out);
    }

    /**
     * Replaces the whole state with a snapshot written by {@link #snapshot}, reading exactly the
     * snapshot's bytes from {@code in} (not closing it). Sessions beyond this machine's bound are
     * forgotten, least recent first. If the stream is not a valid snapshot, the state is left as it
     * was.
     *
     * @throws IOException with a message saying what is wrong (bad magic, unknown version,
     *     truncation, bad UTF-8, keys out of order, checksum mismatch), or if {@code in} fails; never
     *     any other exception for bad bytes
     */
    @Override
    public void restore(InputStream in) throws IOException {
        SnapshotCodec.State state = SnapshotCodec.read(in);
        Sessions restored = new Sessions(sessionsMax);
        for (Sessions.Entry entry : state.sessions()) {
            restored.put(entry.clientId(), entry.session());
        }
        store.replaceWith(state.pairs());
        sessions = restored;
        indexApplied = state.indexApplied();
    }

    /** The index of the last applied command (0 before any), as restored by {@link #restore}. */
    public long indexApplied() {
        return indexApplied;
    }

    /** How many clients have a session now. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The session bound given at construction ({@link #SESSIONS_MAX_DEFAULT} by default). */
    public int sessionsMax() {
        return sessionsMax;
    }

    private String execute(byte[] command) {
        ParseResult parsed = CommandParser.parse(command);
        if (parsed instanceof ParseResult.Parsed p) {
            return store.execute(p.command());
        }
        return Responses.NOT_RECOGNISED;
    }

    private static byte[] bytes(String response) {
        return response.getBytes(StandardCharsets.UTF_8);
    }
}
