package dev.ios.kvstore;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Test-side helpers written independently of the code under test: a line writer that quotes every
 * argument (the production formatter quotes only when it must), and the model's semantics of a
 * command over a plain map, for comparing with {@link KvStateMachine}.
 */
final class Lines {

    private Lines() {}

    /** {@code command} as a line with every argument quoted and escaped. */
    static String quotedEverywhere(Command command) {
        if (command instanceof Command.Joined joined) {
            StringBuilder out = new StringBuilder();
            for (Command.Operation operation : joined.operations()) {
                out.append(out.length() == 0 ? "" : "; ").append(quotedEverywhere(operation));
            }
            return out.toString();
        }
        if (command instanceof Command.Get get) {
            return "get " + quote(get.key());
        }
        if (command instanceof Command.Exists exists) {
            return "exists " + quote(exists.key());
        }
        if (command instanceof Command.Update update) {
            return "update " + quote(update.key()) + " " + quote(update.value());
        }
        if (command instanceof Command.Delete delete) {
            return "delete " + quote(delete.key());
        }
        if (command instanceof Command.Count) {
            return "count";
        }
        return "print";
    }

    static String quote(String word) {
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The model: what {@code command} answers over {@code map}, changing it as the command says. */
    static String model(Command command, Map<String, String> map) {
        if (command instanceof Command.Joined joined) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < joined.operations().size(); i++) {
                out.append(i == 0 ? "" : "; ").append(model(joined.operations().get(i), map));
            }
            return out.toString();
        }
        if (command instanceof Command.Get get) {
            return map.containsKey(get.key()) ? map.get(get.key()) : "key not found";
        }
        if (command instanceof Command.Exists exists) {
            return map.containsKey(exists.key()) ? "true" : "false";
        }
        if (command instanceof Command.Update update) {
            map.put(update.key(), update.value());
            return "OK";
        }
        if (command instanceof Command.Delete delete) {
            map.remove(delete.key());
            return "OK";
        }
        if (command instanceof Command.Count) {
            return String.valueOf(map.size());
        }
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> out.append(k).append(", ").append(v).append("\n"));
        return out.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
