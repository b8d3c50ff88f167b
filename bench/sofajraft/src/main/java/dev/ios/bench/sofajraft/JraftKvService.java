package dev.ios.bench.sofajraft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.error.RaftError;
import dev.ios.bench.lineport.KvCommand;
import dev.ios.bench.lineport.LeaderOnlyKvService;
import dev.ios.bench.lineport.RequestLine;
import dev.ios.bench.lineport.ReplyLines;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Requests on a SOFAJRaft node: a write becomes a {@link Task} whose closure answers once the entry
 * is committed (durable on a majority: {@code RaftOptions.sync} is on) and applied; a read asks for
 * a read index ({@code ReadOnlySafe}, a heartbeat round to a majority, so the read is linearizable)
 * and answers from the map once it is applied. Only the leader serves: a follower answers {@code
 * NOT_MASTER} with the leader's id, as an Ios participant without {@code participantHandle} does, so
 * the benchmark's client moves to it.
 */
final class JraftKvService extends LeaderOnlyKvService {

    private final Node node;
    private final KvStateMachine stateMachine;
    private final List<PeerId> peers;

    /** @param peers every peer by id, to turn the leader's address into the id the hint names */
    JraftKvService(Node node, KvStateMachine stateMachine, List<PeerId> peers) {
        this.node = node;
        this.stateMachine = stateMachine;
        this.peers = List.copyOf(peers);
    }

    @Override
    protected boolean isLeader() {
        return stateMachine.isLeader();
    }


    @Override
    protected void start(RequestLine.Request request, KvCommand command, Consumer<String> answer) {
        long clientId = request.clientId();
        long requestId = request.requestId();
        if (command.write()) {
            KvStateMachine.WriteDone done = new KvStateMachine.WriteDone() {
                @Override
                public void run(Status status) {
                    answer.accept(status.isOk() ? ReplyLines.success(clientId, requestId, response)
                            : failure(clientId, requestId, status));
                }
            };
            byte[] bytes = request.command().getBytes(StandardCharsets.UTF_8);
            node.apply(new Task(ByteBuffer.wrap(bytes), done));
        } else {
            node.readIndex(new byte[0], new ReadIndexClosure() {
                @Override
                public void run(Status status, long index, byte[] context) {
                    answer.accept(status.isOk() ? ReplyLines.success(clientId, requestId, stateMachine.read(command))
                            : failure(clientId, requestId, status));
                }
            });
        }
    }

    /**
     * A failed write or read. EBUSY (the node's queues are full, or leadership is moving) appended
     * nothing; anything else (a leader that stepped down with the entry in flight) may still commit.
     */
    private String failure(long clientId, long requestId, Status status) {
        if (status.getRaftError() == RaftError.EBUSY) {
            return ReplyLines.rejected(clientId, requestId, "busy: " + status.getErrorMsg());
        }
        return ReplyLines.indeterminate(clientId, requestId, status.getRaftError() + ": " + status.getErrorMsg(), leaderHint());
    }

    /** The leader's id as this node knows it, -1 if none. */
    @Override
    protected int leaderHint() {
        PeerId leader = node.getLeaderId();
        return leader == null ? -1 : peers.indexOf(leader);
    }
}
