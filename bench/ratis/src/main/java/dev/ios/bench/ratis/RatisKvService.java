package dev.ios.bench.ratis;

import dev.ios.bench.lineport.KvCommand;
import dev.ios.bench.lineport.LeaderOnlyKvService;
import dev.ios.bench.lineport.ReplyLines;
import dev.ios.bench.lineport.RequestLine;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 * <p>Ratis's {@code submitClientRequestAsync} blocks its caller until the request is appended (it
 * waits for its hop to the server's client executor), so requests go to it from a pool of
 * submitting threads, as gRPC's executor calls it for a Ratis client, never from the port's one I/O
 * thread, which would then serialize every connection behind each append.
 *
 * <p>The request's {@code ClientID} and {@code RequestID} become Ratis's client id and call id, so a
 * retried write is answered from Ratis's retry cache, as an Ios server answers a retry from its own.
 */
final class RatisKvService extends LeaderOnlyKvService {

    // The high half of every Ratis client id made from an Ios ClientID ("1051" for Ios), so they never collide with random ones.
    private static final long CLIENT_ID_HIGH = 0x1051_0000_0000_0000L;

    private final RaftServer server;
    private final RaftGroupId group;
    private final RaftPeerId self;
    private final DivisionInfo division;
    private final List<RaftPeerId> peers;
    private final Executor submitter;

    /**
     * @param division this peer's member of {@code group}, for its role and the leader it knows
     * @param peers every peer's id by index, to turn a leader's id into the hint the protocol names
     * @param submitter the threads that hand requests to Ratis: {@link RaftServer#submitClientRequestAsync}
     *     blocks its caller until the request is appended, so it must not run on the port's I/O thread
     */
    RatisKvService(RaftServer server, RaftGroupId group, DivisionInfo division, List<RaftPeerId> peers,
            Executor submitter) {
        this.server = server;
        this.group = group;
        this.self = server.getId();
        this.division = division;
        this.peers = List.copyOf(peers);
        this.submitter = submitter;
    }

    @Override
    protected boolean isLeader() {
        return division.isLeader();
    }

    @Override
    protected int leaderHint() {
        return RatisReplies.hint(division.getLeaderId(), peers);
    }

    @Override
    protected void start(RequestLine.Request request, KvCommand command, Consumer<String> answer) {
        submitter.execute(() -> send(request, command, answer));
    }

    /** Hands the request to Ratis; runs on a {@link #submitter} thread, since Ratis blocks it. */
    private void send(RequestLine.Request request, KvCommand command, Consumer<String> answer) {
        long clientId = request.clientId();
        long requestId = request.requestId();
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
