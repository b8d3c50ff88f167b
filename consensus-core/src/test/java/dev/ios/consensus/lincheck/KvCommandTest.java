package dev.ios.consensus.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Goal: the KV grammar reads request lines the way Ios's store does, plus quoted values. */
class KvCommandTest {

    @Test
    void singleCommandsParseLikeIos() {
        assertEquals(new KvCommand.Update("A", "1"), KvCommand.parse("update A 1"));
        assertEquals(new KvCommand.Get("A"), KvCommand.parse("get A"));
        assertEquals(new KvCommand.Exists("A"), KvCommand.parse("exists A"));
        assertEquals(new KvCommand.Delete("A"), KvCommand.parse("delete A"));
        assertEquals(new KvCommand.Count(), KvCommand.parse("count"));
        assertEquals(new KvCommand.Print(), KvCommand.parse("print"));
    }

    @Test
    void wrongWordCountsAreUnrecognisedWithIosAnswers() {
        assertEquals(new KvCommand.Unrecognised("not recognised"), KvCommand.parse("update A"));
        assertEquals(new KvCommand.Unrecognised("not recognised"), KvCommand.parse("update A 1 2"));
        assertEquals(new KvCommand.Unrecognised("request not recognised"), KvCommand.parse("get  A"));
        assertEquals(new KvCommand.Unrecognised("request not recognised"), KvCommand.parse("get A "));
        assertEquals(new KvCommand.Unrecognised("request not recognised"), KvCommand.parse("count 1"));
        assertEquals(new KvCommand.Unrecognised("request not recognised"), KvCommand.parse("GET A"));
        assertEquals(new KvCommand.Unrecognised("request not recognised"), KvCommand.parse(""));
    }

    @Test
    void linesSplitOnSemicolonSpaceAndTrimNewlines() {
        assertEquals(List.of(new KvCommand.Update("A", "1"), new KvCommand.Get("A")),
                KvCommand.parseLine("update A 1; get A\n"));
        assertEquals(List.of(new KvCommand.Update("A", "1;2")), KvCommand.parseLine("update A 1;2"));
    }

    @Test
    void quotedValuesKeepSpacesAndSemicolons() {
        assertEquals(new KvCommand.Update("A", "x y"), KvCommand.parse("update A \"x y\""));
        assertEquals(List.of(new KvCommand.Update("A", "x; y"), new KvCommand.Get("A")),
                KvCommand.parseLine("update A \"x; y\"; get A"));
        assertEquals(new KvCommand.Update("A", "\"x"), KvCommand.parse("update A \"x"), "an unclosed quote is literal");
    }

    @Test
    void anyTextParsesWithoutThrowing() {
        var random = new SplittableRandom(42);
        String alphabet = "updategxisc \";\n AB1";
        for (int i = 0; i < 10_000; i++) {
            var text = new StringBuilder();
            for (int j = random.nextInt(20); j > 0; j--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            KvCommand.parseLine(text.toString());
        }
    }
}
