package dev.ios.bench.ratis;

import dev.ios.bench.lineport.ReplyLines;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;

/**
 * Ratis's answers as answer lines of the Ios client protocol ({@link ReplyLines}). A success carries
 * the state machine's message; {@code NotLeaderException} is {@code NOT_MASTER} with the suggested
 * leader; the failures where Ratis appended nothing (leader not ready or stepping down, pending-request
 * limit reached) and every failed read are {@code REJECTED}; any other failed write may still commit
 * and is {@code INDETERMINATE}.
 */
final class RatisReplies {

    private RatisReplies() {}

    /** The answer line for {@code reply} to a write ({@code write}) or a read. */
    static String line(long clientId, long requestId, boolean write, RaftClientReply reply, List<RaftPeerId> peers) {
        if (reply.isSuccess()) {
            return ReplyLines.success(clientId, requestId, reply.getMessage().getContent().toStringUtf8());
        }
        Throwable cause = reply.getException();
        return failed(clientId, requestId, write, cause != null ? cause : new IllegalStateException("failed without a cause"),
                peers);
    }

    /** The answer line for a request that failed with {@code error} (possibly wrapped by a future). */
    static String failed(long clientId, long requestId, boolean write, Throwable error, List<RaftPeerId> peers) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof NotLeaderException notLeader) {
            RaftPeer suggested = notLeader.getSuggestedLeader();
            return ReplyLines.notMaster(clientId, requestId, hint(suggested == null ? null : suggested.getId(), peers));
        }
        String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (!write || appendedNothing(cause)) {
            return ReplyLines.rejected(clientId, requestId, reason);
        }
        return ReplyLines.indeterminate(clientId, requestId, reason, -1);
    }

    /** The index of {@code leader} in {@code peers}, the protocol's {@code MasterHint}; -1 if unknown. */
    static int hint(RaftPeerId leader, List<RaftPeerId> peers) {
        return leader == null ? -1 : peers.indexOf(leader);
    }

    private static boolean appendedNothing(Throwable cause) {
        return cause instanceof LeaderNotReadyException || cause instanceof LeaderSteppingDownException
                || cause instanceof ResourceUnavailableException;
    }
}
