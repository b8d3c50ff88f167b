package dev.ios.bench.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ios.bench.lineport.KvCommand;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The state machine applies committed entries in order and answers each with the store's response,
 * keeps Ratis's applied index exact, answers {@code get} queries from what it applied, and turns
 * anything else into an unsupported answer or a failed query rather than an exception.
 */
class KvStateMachineTest {

    private final KvStateMachine machine = new KvStateMachine();

    @Test
    void appliedWritesAreReadBackAndTheAppliedIndexFollows() throws Exception {
        assertEquals("OK", applied(1, 1, "update k first value"));
        assertEquals("OK", applied(1, 2, "update k second value"));
        assertEquals("OK", applied(2, 3, "update other x"));
        assertEquals(3, machine.getLastAppliedTermIndex().getIndex());
        assertEquals(2, machine.getLastAppliedTermIndex().getTerm());
        assertEquals("second value", query("get k"));
        assertEquals("x", query("get other"));
        assertEquals(KvCommand.NOT_FOUND, query("get nothing"));
    }

    @Test
    void anEntryThatIsNotAWriteIsAnsweredUnsupportedAndChangesNothing() throws Exception {
        assertEquals(KvStateMachine.UNSUPPORTED, applied(1, 1, "delete k"));
        assertEquals(KvStateMachine.UNSUPPORTED, applied(1, 2, "get k"));
        assertEquals(KvStateMachine.UNSUPPORTED, applied(1, 3, ""));
        // Still applied: Ratis must see the index move past entries it could not use.
        assertEquals(3, machine.getLastAppliedTermIndex().getIndex());
        assertEquals(KvCommand.NOT_FOUND, query("get k"));
    }

    @Test
    void aQueryThatIsNotAGetFailsItsFuture() {
        for (String text : new String[] {"update k v", "get", "nonsense"}) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> machine.query(Message.valueOf(text)).get(), text);
            assertEquals(IllegalArgumentException.class, failed.getCause().getClass(), text);
        }
    }

    private String applied(long term, long index, String command) throws Exception {
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(term).setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFromUtf8(command)))
                .build();
        TransactionContext trx = TransactionContext.newBuilder().setStateMachine(machine)
                .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build();
        return machine.applyTransaction(trx).get().getContent().toStringUtf8();
    }

    private String query(String text) throws Exception {
        return machine.query(Message.valueOf(text)).get().getContent().toStringUtf8();
    }
}
