package dev.ios.consensus.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Goal: the recorder turns calls, answers and give-ups into the operations the checker reads. */
class HistoryRecorderTest {

    @Test
    void answeredGivenUpAndOpenCallsBecomeOperations() {
        var recorder = new HistoryRecorder<String, String>();
        int write = recorder.invoke(1, 10, "update A 1");
        int lost = recorder.invoke(2, 11, "update A 2");
        int open = recorder.invoke(3, 12, "get A");
        recorder.complete(write, 20, "OK");
        recorder.giveUp(lost);
        assertEquals(List.of(new Operation<>(1, 10, 20, "update A 1", "OK"),
                Operation.unknown(2, 11, "update A 2"),
                Operation.unknown(3, 12, "get A")), recorder.history());
        assertTrue(Linearizability.check(recorder.history(), KvModel.INSTANCE).ok());
        assertEquals(2, open);
    }

    @Test
    void aCallClosesOnce() {
        var recorder = new HistoryRecorder<String, String>();
        int call = recorder.invoke(1, 0, "get A");
        recorder.complete(call, 1, "key not found");
        assertThrows(IllegalStateException.class, () -> recorder.giveUp(call));
        assertThrows(IllegalStateException.class, () -> recorder.complete(call, 2, "x"));
        assertThrows(IllegalArgumentException.class, () -> recorder.complete(7, 2, "x"));
        int other = recorder.invoke(1, 5, "get A");
        assertThrows(IllegalArgumentException.class, () -> recorder.complete(other, 4, "x"));
        assertThrows(IllegalArgumentException.class, () -> recorder.complete(other, 6, null));
    }
}
