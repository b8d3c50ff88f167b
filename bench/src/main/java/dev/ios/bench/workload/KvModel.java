package dev.ios.bench.workload;

import dev.ios.kvstore.Responses;
import java.util.HashMap;
import java.util.Map;

/**
 * The expected answers to the generator's commands: a plain map, as Ios's {@code -check} used a
 * local key-value store. Only {@code get k} and {@code update k v} are understood (all the
 * generator sends); anything else answers {@link Responses#NOT_RECOGNISED}.
 *
 * <p>Threads: not thread-safe; {@code -check} runs with one client, the fake client locks around it.
 */
public final class KvModel {

    private final Map<String, String> values = new HashMap<>();

    /** Applies {@code command} and returns the response a correct server gives. */
    public String apply(String command) {
        String[] words = command.split(" ", -1);
        if (words.length == 2 && words[0].equals("get")) {
            String value = values.get(words[1]);
            return value == null ? Responses.KEY_NOT_FOUND : value;
        }
        if (words.length == 3 && words[0].equals("update")) {
            values.put(words[1], words[2]);
            return Responses.OK;
        }
        return Responses.NOT_RECOGNISED;
    }
}
