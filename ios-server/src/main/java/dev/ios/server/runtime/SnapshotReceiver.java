package dev.ios.server.runtime;

import dev.ios.consensus.message.Message;
import dev.ios.consensus.statemachine.StateMachine;
import dev.ios.consensus.storage.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Assembles a snapshot streamed by a peer, piece by piece, straight into the snapshot store (so
 * it never has to fit in memory), then restores the state machine from it. Pieces must arrive in
 * order; a gap or a piece of another snapshot abandons the transfer, and the protocol's catch-up
 * asks again. Owned by the replica thread.
 */
final class SnapshotReceiver {

    private final SnapshotStore snapshots;
    private final StateMachine stateMachine;
    private SnapshotStore.Writer writer;
    private SnapshotStore.Meta meta;
    private long offsetExpected;

    SnapshotReceiver(SnapshotStore snapshots, StateMachine stateMachine) {
        this.snapshots = snapshots;
        this.stateMachine = stateMachine;
    }

    /**
     * Takes one piece. Returns true once the last piece made the snapshot durable and the state
     * machine now reflects it.
     *
     * @throws UncheckedIOException if the durable snapshot cannot be restored (the server halts:
     *     the state machine may be half replaced)
     */
    boolean accept(Message.SnapshotChunk chunk) {
        if (chunk.offset() == 0) {
            abandon();
            meta = new SnapshotStore.Meta(chunk.index(), chunk.snapshotView());
            writer = snapshots.begin(meta);
            offsetExpected = 0;
        } else if (writer == null || chunk.index() != meta.index() || chunk.offset() != offsetExpected) {
            abandon();
            return false;
        }
        try {
            writer.stream().write(chunk.data());
        } catch (IOException e) {
            abandon();
            return false;
        }
        offsetExpected += chunk.data().length;
        if (!chunk.last()) {
            return false;
        }
        writer.commit();
        writer.close();
        writer = null;
        try (InputStream in = snapshots.open(meta)) {
            stateMachine.restore(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the snapshot received for index " + meta.index(), e);
        }
        return true;
    }

    private void abandon() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
