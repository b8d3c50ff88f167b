package dev.ios.bench.sofajraft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import dev.ios.bench.lineport.KvCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicated key-value map of one SOFAJRaft peer. A log entry is a command's text in UTF-8
 * ({@code update K V}); every peer applies the same entries in log order, and on the leader the
 * entry's {@link WriteDone} learns the answer. No snapshots: the benchmark's runs are short and start
 * from empty directories, so the log alone is enough (and Ios's {@code simple} preset snapshots
 * rarely too).
 *
 * <p>Threads: SOFAJRaft calls every {@code on*} method on its one state-machine thread; {@link #read}
 * runs on read-index callback threads, hence the concurrent map.
 */
final class KvStateMachine extends StateMachineAdapter {

    /** The closure of a write submitted on this peer: receives the command's answer, then the status. */
    abstract static class WriteDone implements Closure {
        /** Set by {@link KvStateMachine#onApply} before {@link #run} with an OK status. */
        String response;
    }

    private final Map<String, String> map = new ConcurrentHashMap<>();
    // Positive while this peer is the leader: the term it leads, so requests can be refused at once elsewhere.
    private volatile long leaderTerm = -1;

    @Override
    public void onApply(Iterator entries) {
        while (entries.hasNext()) {
            ByteBuffer data = entries.getData();
            String text = StandardCharsets.UTF_8.decode(data.slice()).toString();
            KvCommand command = KvCommand.parse(text);
            // The leader only appends commands that parsed; anything else is a bug, answered without applying.
            String answer = command == null ? "unsupported command" : command.applyTo(map);
            Closure done = entries.done();
            if (done instanceof WriteDone write) {
                write.response = answer;
            }
            if (done != null) {
                done.run(Status.OK());
            }
            entries.next();
        }
    }

    /** The current answer to {@code get key}; linearizable only after a read index has been reached. */
    String read(KvCommand get) {
        return get.applyTo(map);
    }

    /** True while this peer leads. */
    boolean isLeader() {
        return leaderTerm > 0;
    }

    @Override
    public void onLeaderStart(long term) {
        leaderTerm = term;
        super.onLeaderStart(term);
    }

    @Override
    public void onLeaderStop(Status status) {
        leaderTerm = -1;
        super.onLeaderStop(status);
    }
}
