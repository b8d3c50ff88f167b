package dev.ios.bench.lineport;

import java.util.function.Consumer;

/**
 * A {@link KvService} that serves only on the leader, as every compared library's peer does in
 * the benchmark: it answers a command it cannot parse with {@code REJECTED} and, on a follower,
 * {@code NOT_MASTER} with the leader's index; everything else goes to {@link #start}. The one place
 * these answers are made, so the peers of different libraries refuse alike.
 */
public abstract class LeaderOnlyKvService implements KvService {

    /** The reason a command other than {@code update K V} or {@code get K} is refused. */
    public static final String UNSUPPORTED = "unsupported command (only update K V and get K)";

    @Override
    public final void submit(RequestLine.Request request, Consumer<String> answer) {
        KvCommand command = KvCommand.parse(request.command());
        if (command == null) {
            answer.accept(ReplyLines.rejected(request.clientId(), request.requestId(), UNSUPPORTED));
            return;
        }
        if (!isLeader()) {
            answer.accept(ReplyLines.notMaster(request.clientId(), request.requestId(), leaderHint()));
            return;
        }
        start(request, command, answer);
    }

    /** Whether this peer leads now (read on the connection's I/O thread; may be stale, as a hint). */
    protected abstract boolean isLeader();

    /** The leader's index in the peer list as this peer knows it, or -1 if it knows none. */
    protected abstract int leaderHint();

    /**
     * Starts a parsed {@code command} on the leader, with {@link KvService#submit}'s contract for
     * {@code answer}: exactly one answer line, on any thread, and no blocking on the calling one.
     */
    protected abstract void start(RequestLine.Request request, KvCommand command, Consumer<String> answer);
}
