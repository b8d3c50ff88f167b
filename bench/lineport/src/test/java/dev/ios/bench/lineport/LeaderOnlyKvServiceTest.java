package dev.ios.bench.lineport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The leader-only service refuses garbage and follower requests itself and starts the rest once. */
class LeaderOnlyKvServiceTest {

    /** Records what reaches {@link #start}; leads when told to. */
    private static final class Recording extends LeaderOnlyKvService {
        boolean leader;
        KvCommand started;

        @Override
        protected boolean isLeader() {
            return leader;
        }

        @Override
        protected int leaderHint() {
            return 2;
        }

        @Override
        protected void start(RequestLine.Request request, KvCommand command, Consumer<String> answer) {
            started = command;
            answer.accept(ReplyLines.success(request.clientId(), request.requestId(), "OK"));
        }
    }

    private static List<String> submit(Recording service, String command) {
        List<String> answers = new ArrayList<>();
        service.submit(new RequestLine.Request(7, 9, false, command), answers::add);
        return answers;
    }

    @Test
    void anUnparsableCommandIsRejectedEvenOnTheLeader() {
        Recording service = new Recording();
        service.leader = true;
        assertEquals(List.of(ReplyLines.rejected(7, 9, LeaderOnlyKvService.UNSUPPORTED)), submit(service, "delete k"));
        assertNull(service.started);
    }

    @Test
    void aFollowerAnswersNotMasterWithTheHint() {
        Recording service = new Recording();
        assertEquals(List.of(ReplyLines.notMaster(7, 9, 2)), submit(service, "update k v"));
        assertNull(service.started);
    }

    @Test
    void theLeaderStartsTheParsedCommand() {
        Recording service = new Recording();
        service.leader = true;
        assertEquals(List.of(ReplyLines.success(7, 9, "OK")), submit(service, "update k v w"));
        assertEquals(new KvCommand(true, "k", "v w"), service.started);
    }
}
