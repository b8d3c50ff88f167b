package dev.ios.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The JSON lines of docs/client-protocol.md, both ways; decoding never throws. */
class IosWireTest {

    @Test
    void requestsUseIosFieldNamesAndOrder() {
        assertEquals("{\"ClientID\":1,\"RequestID\":2,\"ForceViewChange\":false,\"ReadOnly\":true,\"Request\":\"get \\\"a b\\\"\"}",
                IosWire.encode(1, 2, false, true, "get \"a b\""));
    }

    @Test
    void answersOfEveryOutcomeDecode() {
        assertEquals(new IosWire.Answer(1, 1, IosWire.Kind.SUCCESS, "OK", -1),
                IosWire.decode("{\"ClientID\":1,\"RequestID\":1,\"Success\":true,\"Response\":\"OK\"}"));
        assertEquals(new IosWire.Answer(1, 1, IosWire.Kind.NOT_MASTER, "not the master", 2), IosWire.decode(
                "{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"not the master\",\"Outcome\":\"NOT_MASTER\",\"MasterHint\":2}"));
        assertEquals(IosWire.Kind.REJECTED, IosWire.decode(
                "{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"overloaded\",\"Outcome\":\"REJECTED\",\"MasterHint\":-1}").kind());
        assertEquals(IosWire.Kind.INDETERMINATE, IosWire.decode(
                "{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"timed out\",\"Outcome\":\"INDETERMINATE\",\"MasterHint\":-1}").kind());
        // An original Ios server's refusal, and an outcome this client does not know.
        assertEquals(IosWire.Kind.NOT_MASTER,
                IosWire.decode("{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"\"}").kind());
        assertEquals(IosWire.Kind.INDETERMINATE, IosWire.decode(
                "{\"ClientID\":1,\"RequestID\":1,\"Success\":false,\"Response\":\"\",\"Outcome\":\"LATER\"}").kind());
    }

    @Test
    void linesThatAreNotAnswersDecodeToNull() {
        for (String line : new String[] {"", "OK", "{", "[]", "{\"ClientID\":1}", "null",
                "{\"ClientID\":\"x\",\"RequestID\":1,\"Success\":true}", "{\"ClientID\":1,\"RequestID\":1,\"Success\":1}"}) {
            assertNull(IosWire.decode(line), line);
        }
    }

    @Test
    void randomLinesNeverThrow() {
        long seed = 0x10_5EEDL;
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "{}[]\":,0123456789ClientIDRequestSuccesstruefalse \\";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = line.toString();
            try {
                IosWire.decode(text);
            } catch (RuntimeException e) {
                throw new AssertionError("seed=" + seed + " case " + i + ": " + text, e);
            }
        }
    }
}
