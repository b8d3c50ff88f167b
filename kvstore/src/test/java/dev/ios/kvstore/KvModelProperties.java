package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KvStateMachine} against a plain {@link TreeMap} model: random clients send random commands
 * (joined ones, quoted words with spaces and escapes, bad lines), retry earlier request ids and
 * read; every response and the final state must equal the model's, and a retried request must
 * never be applied twice. Seeded: {@code -Dprop.seed=N} replays one case.
 */
class KvModelProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    /** Lines that are not commands: the machine answers them and changes nothing. */
    private static final List<String> BAD_LINES = List.of("", "get", "get a b", "frobnicate x", "update \"open",
            "get \"x\"y", "get A; ", "count 1", "GET A", "get  A", "update A 1; get", "update A \"a\\qb\"");

    /** What the model remembers of one client's requests. */
    private static final class ModelClient {
        final List<Long> sent = new ArrayList<>();
        final Map<Long, byte[]> lines = new HashMap<>();
        long last = -1;
        String lastResponse;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void responsesAndStateMatchTheModel(long seed) {
        Gen gen = new Gen(seed);
        List<String> keys = gen.keys();
        KvStateMachine machine = new KvStateMachine();
        TreeMap<String, String> model = new TreeMap<>();
        Map<Long, ModelClient> clients = new HashMap<>();
        int clientCount = gen.between(1, 4);
        long index = gen.between(0, 3);

        for (int step = 0; step < 300; step++) {
            long clientId = gen.between(1, clientCount) * 1_000_003L;
            ModelClient client = clients.computeIfAbsent(clientId, id -> new ModelClient());
            String where = "seed=" + seed + " step=" + step + " client=" + clientId;
            int kind = gen.random.nextInt(10);

            if (kind < 2 && client.last >= 0) {
                // A retry of an earlier request, with the bytes it was sent with.
                long requestId = gen.chance(0.5) ? client.last : gen.pick(client.sent);
                String expected = requestId == client.last ? client.lastResponse
                        : "stale request: client " + clientId + " request " + requestId
                                + " is older than its last applied request " + client.last;
                String before = Lines.model(new Command.Print(), model);
                String actual = Lines.text(machine.apply(index, clientId, requestId, client.lines.get(requestId)));
                assertEquals(expected, actual, where + " retry of request " + requestId);
                assertEquals(before, Lines.text(machine.read(Lines.utf8("print"))),
                        where + " a retry changed the store");
            } else if (kind == 2) {
                // A participant read: read-only commands answer, writes are refused; nothing changes.
                Command command = gen.command(keys);
                String expected = command.isReadOnly() ? Lines.model(command, new TreeMap<>(model))
                        : "request not read-only";
                String line = Lines.quotedEverywhere(command);
                assertEquals(expected, Lines.text(machine.read(Lines.utf8(line))), where + " read <" + line + ">");
            } else {
                long requestId = client.last < 0 ? gen.between(0, 3) : client.last + 1 + gen.between(0, 2);
                String line;
                String expected;
                if (gen.chance(0.1)) {
                    line = gen.pick(BAD_LINES);
                    expected = "request not recognised";
                } else {
                    Command command = gen.command(keys);
                    line = gen.chance(0.5) ? Lines.quotedEverywhere(command) : CommandFormatter.format(command);
                    expected = Lines.model(command, model);
                }
                byte[] bytes = Lines.utf8(line);
                String actual = Lines.text(machine.apply(index, clientId, requestId, bytes));
                assertEquals(expected, actual, where + " request " + requestId + " <" + line + ">");
                client.sent.add(requestId);
                client.lines.put(requestId, bytes);
                client.last = requestId;
                client.lastResponse = expected;
            }
            // 0 keeps the index: several requests of one batched entry share it.
            index += gen.between(0, 2);
        }

        String where = "seed=" + seed + " at the end";
        assertEquals(Lines.model(new Command.Print(), model), Lines.text(machine.read(Lines.utf8("print"))), where);
        assertEquals(String.valueOf(model.size()), Lines.text(machine.read(Lines.utf8("count"))), where);
        long withSessions = clients.values().stream().filter(c -> c.last >= 0).count();
        assertEquals(withSessions, machine.sessionCount(), where + " sessions");
    }
}
