package dev.ios.bench.ratis;

import dev.ios.bench.lineport.KvCommand;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/**
 * The replicated key-value map of one Ratis peer. A log entry's state-machine data is a command's
 * text in UTF-8 ({@code update K V}), put there by {@link BaseStateMachine#startTransaction}'s default
 * (the request's message becomes the log data); every peer applies the same entries in log order and
 * the leader's reply carries the answer. No snapshots: {@link BaseStateMachine} takes none and
 * Ratis's automatic snapshot trigger is off by default; the benchmark's runs are short and start from
 * empty directories, as with the SOFAJRaft peers.
 *
 * <p>Threads: Ratis calls {@link #applyTransaction} on its one state-machine updater thread, in log
 * order; {@link #query} runs on whichever thread completes a read (after the read index is applied),
 * hence the concurrent map.
 */
final class KvStateMachine extends BaseStateMachine {

    /** The answer to a log entry that is not a command; the leader only appends ones that parsed. */
    static final String UNSUPPORTED = "unsupported command";

    private final Map<String, String> map = new ConcurrentHashMap<>();

    /** Applies one committed entry and answers with the command's response ({@code OK}). */
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        String answer = apply(entry.getStateMachineLogEntry().getLogData().toStringUtf8());
        // Ratis reads the state machine's applied index for snapshots and at restart; keep it exact.
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(answer));
    }

    /**
     * Answers {@code get K}. With {@code raft.server.read.option = LINEARIZABLE} Ratis calls it only
     * once the read index is applied. Anything but a {@code get} fails the future, which Ratis returns
     * as a {@code StateMachineException}: the client port only sends {@code get} here.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        KvCommand command = KvCommand.parse(request.getContent().toStringUtf8());
        if (command == null || command.write()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a get: " + request));
        }
        return CompletableFuture.completedFuture(Message.valueOf(command.applyTo(map)));
    }

    /** Applies the command in {@code text} to the map and returns its answer. */
    String apply(String text) {
        KvCommand command = KvCommand.parse(text);
        // A read never reaches the log (reads are queries), so a get here is as unsupported as garbage.
        return command == null || !command.write() ? UNSUPPORTED : command.applyTo(map);
    }
}
