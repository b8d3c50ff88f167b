package dev.ios.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ios.consensus.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grammar never throws, formats every command so that it parses back equal, and reads bare
 * words exactly as Ios does. Seeded: {@code -Dprop.seed=N} replays one case.
 */
class GrammarProperties {

    static LongStream seeds() {
        return Seeds.properties(200);
    }

    /** Whatever parses, re-formatted, parses to the same command: the formatter is canonical. */
    private static void assertStable(ParseResult result, long seed, String what) {
        assertNotNull(result, "seed=" + seed + " " + what);
        if (result instanceof ParseResult.Parsed parsed) {
            String again = CommandFormatter.format(parsed.command());
            assertEquals(result, CommandParser.parse(again), "seed=" + seed + " " + what + " formatted <" + again + ">");
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomBytesNeverThrow(long seed) {
        Gen gen = new Gen(seed);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = gen.bytes(64);
            if (gen.chance(0.5)) {
                // Mostly-valid prefixes reach deeper into the parser than pure noise.
                byte[] prefix = Lines.utf8(gen.pick(List.of("get ", "update A ", "update \"", "count; ", "print")));
                byte[] joined = new byte[prefix.length + bytes.length];
                System.arraycopy(prefix, 0, joined, 0, prefix.length);
                System.arraycopy(bytes, 0, joined, prefix.length, bytes.length);
                bytes = joined;
            }
            assertStable(CommandParser.parse(bytes), seed, "bytes #" + i);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void noisyLinesNeverThrow(long seed) {
        Gen gen = new Gen(seed);
        for (int i = 0; i < 200; i++) {
            String line = gen.noisyLine();
            assertStable(CommandParser.parse(line), seed, "line <" + line + ">");
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void formatThenParseGivesTheCommandBack(long seed) {
        Gen gen = new Gen(seed);
        List<String> keys = gen.keys();
        for (int i = 0; i < 100; i++) {
            Command command = gen.command(keys);
            String line = CommandFormatter.format(command);
            String why = "seed=" + seed + " command " + command + " line <" + line + ">";
            assertEquals(new ParseResult.Parsed(command), CommandParser.parse(line), why);
            assertEquals(new ParseResult.Parsed(command), CommandParser.parse(Lines.utf8(line)), why);
            assertEquals(new ParseResult.Parsed(command), CommandParser.parse(line + "\r\n"), why);
            // A client that quotes every word is understood too.
            assertEquals(new ParseResult.Parsed(command), CommandParser.parse(Lines.quotedEverywhere(command)), why);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void bareWordsParseAsIosSplitsThem(long seed) {
        Gen gen = new Gen(seed);
        String[] verbs = {"get", "exists", "update", "delete", "count", "print", "frob", "GET"};
        String[] bare = {"A", "x;", "a;b", "x\"y", "q\\", ";", "é", "1", "$£$%", "_)(*", "\t"};
        for (int i = 0; i < 100; i++) {
            // Bare words (no space, not starting with a quote), joined by single spaces and "; ".
            StringBuilder line = new StringBuilder();
            int parts = gen.between(1, 3);
            for (int p = 0; p < parts; p++) {
                line.append(p == 0 ? "" : "; ").append(verbs[gen.random.nextInt(verbs.length)]);
                int words = gen.between(0, 3);
                for (int w = 0; w < words; w++) {
                    line.append(' ').append(bare[gen.random.nextInt(bare.length)]);
                }
            }
            String text = line.toString();
            Optional<Command> ios = asIosReadsIt(text);
            ParseResult ours = CommandParser.parse(text);
            String why = "seed=" + seed + " line <" + text + ">";
            if (ios.isPresent()) {
                assertEquals(new ParseResult.Parsed(ios.get()), ours, why);
            } else {
                assertEquals(ParseResult.Invalid.class, ours.getClass(), why);
            }
        }
    }

    /** A reference written from Ios's store.go: split on "; ", then on " ", then check the arity. */
    private static Optional<Command> asIosReadsIt(String line) {
        List<Command.Operation> operations = new ArrayList<>();
        for (String part : line.split("; ", -1)) {
            String[] w = part.split(" ", -1);
            Command.Operation operation;
            if (w[0].equals("get") && w.length == 2) {
                operation = new Command.Get(w[1]);
            } else if (w[0].equals("exists") && w.length == 2) {
                operation = new Command.Exists(w[1]);
            } else if (w[0].equals("update") && w.length == 3) {
                operation = new Command.Update(w[1], w[2]);
            } else if (w[0].equals("delete") && w.length == 2) {
                operation = new Command.Delete(w[1]);
            } else if (w[0].equals("count") && w.length == 1) {
                operation = new Command.Count();
            } else if (w[0].equals("print") && w.length == 1) {
                operation = new Command.Print();
            } else {
                return Optional.empty();
            }
            operations.add(operation);
        }
        return Optional.of(operations.size() == 1 ? operations.get(0) : new Command.Joined(operations));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aJoinIsReadOnlyExactlyWhenEveryPartIs(long seed) {
        Gen gen = new Gen(seed);
        List<String> keys = gen.keys();
        for (int i = 0; i < 50; i++) {
            Command command = gen.command(keys);
            boolean expected = true;
            List<Command.Operation> operations = command instanceof Command.Joined j
                    ? j.operations() : List.of((Command.Operation) command);
            for (Command.Operation operation : operations) {
                expected &= operation instanceof Command.Get || operation instanceof Command.Exists
                        || operation instanceof Command.Count || operation instanceof Command.Print;
            }
            assertEquals(expected, command.isReadOnly(), "seed=" + seed + " " + command);
        }
    }
}
