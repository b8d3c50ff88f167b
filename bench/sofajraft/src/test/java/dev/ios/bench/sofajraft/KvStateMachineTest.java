package dev.ios.bench.sofajraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import dev.ios.bench.lineport.KvCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state machine applies committed entries in order, answers the closures of the writes
 * submitted on this peer with the store's responses, applies the others too (a follower's), and
 * knows while it leads.
 */
class KvStateMachineTest {

    /** A committed entry: the command's text and, on the peer that submitted it, its closure. */
    private record Entry(String command, Closure done) {}

    /** SOFAJRaft's view of a run of committed entries, over a list. */
    private static final class Entries implements Iterator {
        private final List<Entry> entries;
        private int at;

        Entries(List<Entry> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return at < entries.size();
        }

        @Override
        public ByteBuffer next() {
            ByteBuffer data = getData();
            at++;
            return data;
        }

        @Override
        public ByteBuffer getData() {
            return ByteBuffer.wrap(entries.get(at).command().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public long getIndex() {
            return at + 1;
        }

        @Override
        public long getTerm() {
            return 1;
        }

        @Override
        public Closure done() {
            return entries.get(at).done();
        }

        @Override
        public void setAutoCommitPerLog(boolean status) {}

        @Override
        public boolean commit() {
            return false;
        }

        @Override
        public void commitAndSnapshotSync(Closure done) {}

        @Override
        public void setErrorAndRollback(long ntail, Status st) {
            throw new AssertionError("the state machine never rolls back");
        }
    }

    /** A write's closure that records the answer it was given. */
    private static final class Recorded extends KvStateMachine.WriteDone {
        final List<String> answers;

        Recorded(List<String> answers) {
            this.answers = answers;
        }

        @Override
        public void run(Status status) {
            answers.add(status.isOk() ? response : "failed " + status);
        }
    }

    @Test
    void appliesInOrderAndAnswersLocalWrites() {
        KvStateMachine machine = new KvStateMachine();
        List<String> answers = new ArrayList<>();
        machine.onApply(new Entries(List.of(new Entry("update k v1", new Recorded(answers)),
                new Entry("update k v2", null), new Entry("update j w", new Recorded(answers)))));
        assertEquals(List.of("OK", "OK"), answers);
        assertEquals("v2", machine.read(KvCommand.parse("get k")));
        assertEquals(KvCommand.NOT_FOUND, machine.read(KvCommand.parse("get nothing")));
    }

    @Test
    void anUnparsableEntryIsAnsweredNotApplied() {
        KvStateMachine machine = new KvStateMachine();
        List<String> answers = new ArrayList<>();
        machine.onApply(new Entries(List.of(new Entry("delete k", new Recorded(answers)))));
        assertEquals(List.of("unsupported command"), answers);
    }

    @Test
    void leadsFromLeaderStartToLeaderStop() {
        KvStateMachine machine = new KvStateMachine();
        assertFalse(machine.isLeader());
        machine.onLeaderStart(3);
        assertTrue(machine.isLeader());
        machine.onLeaderStop(Status.OK());
        assertFalse(machine.isLeader());
    }
}
