package dev.ios.bench.lineport;

import java.util.Map;

/**
 * The two key-value commands the cluster benchmark sends, with the key-value store's answers
 * (kvstore/README.md): {@code update K V} answers {@code OK}; {@code get K} answers the value or
 * {@code key not found}. Keys are one word; the value is the rest of the line, so the benchmark's
 * unquoted values arrive whole. Quoting, {@code delete}, {@code count} and {@code ;} chains are not
 * supported: the benchmark does not send them.
 *
 * @param write true for {@code update}, false for {@code get}
 * @param key the key
 * @param value the value written; null for {@code get}
 */
public record KvCommand(boolean write, String key, String value) {

    /** The answer of {@code get} for a key never written. */
    public static final String NOT_FOUND = "key not found";

    /** The command in {@code text}, or null if it is not {@code update K V} or {@code get K}. */
    public static KvCommand parse(String text) {
        if (text.startsWith("update ")) {
            int keyEnd = text.indexOf(' ', 7);
            if (keyEnd <= 7 || keyEnd == text.length() - 1) {
                return null;
            }
            return new KvCommand(true, text.substring(7, keyEnd), text.substring(keyEnd + 1));
        }
        if (text.startsWith("get ")) {
            String key = text.substring(4);
            return key.isEmpty() || key.indexOf(' ') >= 0 ? null : new KvCommand(false, key, null);
        }
        return null;
    }

    /** Applies this command to {@code map} and returns the answer. */
    public String applyTo(Map<String, String> map) {
        if (write) {
            map.put(key, value);
            return "OK";
        }
        String found = map.get(key);
        return found == null ? NOT_FOUND : found;
    }
}
