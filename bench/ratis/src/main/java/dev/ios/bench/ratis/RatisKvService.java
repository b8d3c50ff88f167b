package dev.ios.bench.ratis;

import dev.ios.bench.lineport.KvCommand;
import dev.ios.bench.lineport.KvService;
import dev.ios.bench.lineport.ReplyLines;
import dev.ios.bench.lineport.RequestLine;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Requests on a Ratis peer, handed to the server in-process through its asynchronous client protocol
 * ({@link RaftServer#submitClientRequestAsync}), exactly as a request arriving from a Ratis client
 * over gRPC would be after decoding: a write is a write request (appended, fsynced on a majority,
 * applied, then answered); a read is a read request, which with {@code raft.server.read.option =
 * LINEARIZABLE} waits for a read index (Raft §6.4: the leader confirms its leadership with a
 * heartbeat round to a majority) to be applied before {@link KvStateMachine#query} answers.
 *
 * <p>Only the leader serves: a follower answers {@code NOT_MASTER} with the leader's id, as the
 * SOFAJRaft peers and an Ios participant without {@code participantHandle} do. (Ratis would serve a
 * linearizable read on a follower too, asking the leader for the read index; the benchmark's load
 * goes to the leader for every system, so this keeps the systems' paths alike.)
 *
 * <p>The request's {@code ClientID} and {@code RequestID} become Ratis's client id and call id, so a
 * retried write is answered from Ratis's retry cache, as an Ios server answers a retry from its own.
 */
final class RatisKvService implements KvService {

    // The high half of every Ratis client id made from an Ios ClientID ("1051" for Ios), so they never collide with random ones.
    private static final long CLIENT_ID_HIGH = 0x1051_0000_0000_0000L;

    private final RaftServer server;
    private final RaftGroupId group;
    private final RaftPeerId self;
    private final DivisionInfo division;
    private final List<RaftPeerId> peers;

    /**
     * @param division this peer's member of {@code group}, for its role and the leader it knows
     * @param peers every peer's id by index, to turn a leader's id into the hint the protocol names
     */
    RatisKvService(RaftServer server, RaftGroupId group, DivisionInfo division, List<RaftPeerId> peers) {
        this.server = server;
        this.group = group;
        this.self = server.getId();
        this.division = division;
        this.peers = List.copyOf(peers);
    }

    @Override
    public void submit(RequestLine.Request request, Consumer<String> answer) {
        long clientId = request.clientId();
        long requestId = request.requestId();
        KvCommand command = KvCommand.parse(request.command());
        if (command == null) {
            answer.accept(ReplyLines.rejected(clientId, requestId, "unsupported command (only update K V and get K)"));
            return;
        }
        if (!division.isLeader()) {
            answer.accept(ReplyLines.notMaster(clientId, requestId, RatisReplies.hint(division.getLeaderId(), peers)));
            return;
        }
        RaftClientRequest raftRequest = RaftClientRequest.newBuilder()
                .setClientId(ClientId.valueOf(new UUID(CLIENT_ID_HIGH, clientId)))
                .setServerId(self)
                .setGroupId(group)
                .setCallId(requestId)
                .setMessage(Message.valueOf(request.command()))
                .setType(command.write() ? RaftClientRequest.writeRequestType() : RaftClientRequest.readRequestType())
                .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.submitClientRequestAsync(raftRequest);
        } catch (IOException e) {
            answer.accept(RatisReplies.failed(clientId, requestId, command.write(), e, peers));
            return;
        }
        reply.whenComplete((done, error) -> answer.accept(error != null
                ? RatisReplies.failed(clientId, requestId, command.write(), error, peers)
                : RatisReplies.line(clientId, requestId, command.write(), done, peers)));
    }
}
