package dev.ios.bench.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.bench.lineport.ReplyLines;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.NotReplicatedException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReadException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * Ratis's replies become the protocol's outcomes: success with the state machine's answer, NOT_MASTER
 * with the suggested leader's index, REJECTED where nothing was appended or for any failed read, and
 * INDETERMINATE for a write that may still commit.
 */
class RatisRepliesTest {

    private static final List<RaftPeerId> PEERS =
            List.of(RatisServerMain.peerId(0), RatisServerMain.peerId(1), RatisServerMain.peerId(2));
    private static final RaftGroupMemberId SELF = RaftGroupMemberId.valueOf(PEERS.get(0), RatisServerMain.GROUP);

    @Test
    void aSuccessCarriesTheStateMachinesAnswer() {
        RaftClientReply reply = reply().setSuccess().setMessage(Message.valueOf("some value")).build();
        assertEquals(ReplyLines.success(7, 9, "some value"), RatisReplies.line(7, 9, false, reply, PEERS));
    }

    @Test
    void notLeaderNamesTheSuggestedLeaderByIndex() {
        RaftPeer leader = RaftPeer.newBuilder().setId(PEERS.get(2)).setAddress("127.0.0.1:1").build();
        RaftClientReply reply = failed(new NotLeaderException(SELF, leader, List.of()));
        assertEquals(ReplyLines.notMaster(7, 9, 2), RatisReplies.line(7, 9, true, reply, PEERS));
        assertEquals(ReplyLines.notMaster(7, 9, -1), RatisReplies.line(7, 9, true,
                failed(new NotLeaderException(SELF, null, List.of())), PEERS));
    }

    @Test
    void aWriteRatisDidNotAppendIsRejectedAndOneItMayHaveIsIndeterminate() {
        assertEquals("REJECTED", outcome(RatisReplies.line(7, 9, true, failed(new LeaderNotReadyException(SELF)), PEERS)));
        // Ratis fails the future itself (not the reply) when its pending-request limit is reached.
        assertEquals("REJECTED", outcome(RatisReplies.failed(7, 9, true,
                new CompletionException(new ResourceUnavailableException("pending requests full")), PEERS)));
        assertEquals("INDETERMINATE", outcome(RatisReplies.line(7, 9, true,
                failed(new NotReplicatedException(9, org.apache.ratis.proto.RaftProtos.ReplicationLevel.MAJORITY, 3)),
                PEERS)));
        assertEquals("INDETERMINATE", outcome(RatisReplies.failed(7, 9, true,
                new CompletionException(new IllegalStateException("server closed")), PEERS)));
    }

    @Test
    void everyFailedReadIsRejected() {
        assertEquals("REJECTED", outcome(RatisReplies.line(7, 9, false,
                failed(new ReadException("read index timed out")), PEERS)));
        assertEquals("REJECTED", outcome(RatisReplies.failed(7, 9, false, new RaftException("timed out"), PEERS)));
        assertEquals("REJECTED", outcome(RatisReplies.failed(7, 9, false,
                new CompletionException(new IllegalStateException("server closed")), PEERS)));
    }

    private static RaftClientReply.Builder reply() {
        return RaftClientReply.newBuilder().setClientId(ClientId.randomId()).setServerId(SELF).setCallId(9);
    }

    private static RaftClientReply failed(RaftException e) {
        return reply().setException(e).build();
    }

    private static String outcome(String line) {
        int at = line.indexOf("\"Outcome\":\"");
        return at < 0 ? "none" : line.substring(at + 11, line.indexOf('"', at + 11));
    }
}
