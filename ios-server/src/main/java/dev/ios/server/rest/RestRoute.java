package dev.ios.server.rest;

import dev.ios.kvstore.Command;
import dev.ios.kvstore.CommandFormatter;
import dev.ios.kvstore.Verb;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an HTTP request goes, decided from its method, path and body alone (pure, so every route
 * and error is unit-tested without a socket). Never throws for any input.
 */
sealed interface RestRoute {

    /** What kind of answer a command's response becomes. */
    enum Shape {
        /** {@code exists K; get K}: {@code true; V} is 200 with the value, {@code false; ...} is 404. */
        KV_GET,
        /** {@code update K V} or {@code delete K}: {@code OK} is 200. */
        KV_WRITE,
        /** Ios's gateway form: any response is 200 with the response text. */
        GATEWAY
    }

    /** A state machine command to submit. {@code key} is null for the gateway form. */
    record Submit(String command, boolean readOnly, Shape shape, String key) implements RestRoute {}

    /** An endpoint answered from this server's own state. */
    record Local(Endpoint endpoint) implements RestRoute {}

    /** The local endpoints. */
    enum Endpoint { STATUS, METRICS, VERSION }

    /** An error answer: HTTP {@code status}, JSON {@code {"error": error}}; {@code allow} set for 405. */
    record Failure(int status, String error, String allow) implements RestRoute {}

    /**
     * Routes a request. {@code rawPath} is the path as sent (percent-encoded, without query);
     * {@code body} is the request body (empty if none).
     */
    static RestRoute of(String method, String rawPath, byte[] body) {
        Optional<List<String>> decoded = segments(rawPath);
        if (decoded.isEmpty()) {
            return new Failure(400, "malformed path: bad percent-encoding or not UTF-8", null);
        }
        List<String> segments = decoded.get();
        String first = segments.isEmpty() ? "" : segments.get(0);
        switch (first) {
            case "kv":
                return kv(method, segments, body);
            case "request":
                return method.equals("GET") ? gateway(segments.subList(1, segments.size()))
                        : new Failure(405, "method " + method + " not allowed; use GET", "GET");
            case "status":
            case "metrics":
            case "version":
                if (segments.size() != 1) {
                    return new Failure(404, "no such path: " + rawPath, null);
                }
                if (!method.equals("GET")) {
                    return new Failure(405, "method " + method + " not allowed; use GET", "GET");
                }
                return new Local(Endpoint.valueOf(first.toUpperCase(java.util.Locale.ROOT)));
            default:
                return new Failure(404, "no such path: " + rawPath, null);
        }
    }

    private static RestRoute kv(String method, List<String> segments, byte[] body) {
        if (segments.size() == 1) {
            // GET /kv?prefix= would need a command that lists keys; the store has none (print
            // returns "K, V" lines that are ambiguous when keys hold ", "), so it is not offered.
            return new Failure(501, "listing keys is not supported: the key-value store has no command for it", null);
        }
        String key = String.join("/", segments.subList(1, segments.size()));
        try {
            switch (method) {
                case "GET": {
                    // exists and get in one atomic command, so a stored value that happens to read
                    // "key not found" is told apart from a missing key.
                    Command command = new Command.Joined(List.of(new Command.Exists(key), new Command.Get(key)));
                    return new Submit(CommandFormatter.format(command), true, Shape.KV_GET, key);
                }
                case "PUT": {
                    Optional<String> value = utf8(body);
                    if (value.isEmpty()) {
                        return new Failure(400, "the body must be UTF-8 text", null);
                    }
                    return new Submit(CommandFormatter.format(new Command.Update(key, value.get())), false,
                            Shape.KV_WRITE, key);
                }
                case "DELETE":
                    return new Submit(CommandFormatter.format(new Command.Delete(key)), false, Shape.KV_WRITE, key);
                default:
                    return new Failure(405, "method " + method + " not allowed; use GET, PUT or DELETE",
                            "GET, PUT, DELETE");
            }
        } catch (IllegalArgumentException e) {
            return new Failure(400, "bad key or value: " + e.getMessage(), null);
        }
    }

    /** {@code /request/<verb>/<arg>...}: the verb and its arguments, one per path segment. */
    private static RestRoute gateway(List<String> words) {
        if (words.isEmpty()) {
            return new Failure(404, "no command: use /request/<verb>/<arguments>", null);
        }
        Optional<Verb> verb = Verb.ofWord(words.get(0));
        if (verb.isEmpty()) {
            return new Failure(400, "unknown command '" + words.get(0) + "'", null);
        }
        List<String> args = words.subList(1, words.size());
        if (args.size() != verb.get().arity()) {
            return new Failure(400, verb.get().word() + " takes " + verb.get().arity() + " argument(s) ("
                    + verb.get().usage() + "), got " + args.size(), null);
        }
        Command.Operation operation;
        try {
            switch (verb.get()) {
                case GET:
                    operation = new Command.Get(args.get(0));
                    break;
                case EXISTS:
                    operation = new Command.Exists(args.get(0));
                    break;
                case UPDATE:
                    operation = new Command.Update(args.get(0), args.get(1));
                    break;
                case DELETE:
                    operation = new Command.Delete(args.get(0));
                    break;
                case COUNT:
                    operation = new Command.Count();
                    break;
                case PRINT:
                default:
                    operation = new Command.Print();
                    break;
            }
        } catch (IllegalArgumentException e) {
            return new Failure(400, "bad argument: " + e.getMessage(), null);
        }
        return new Submit(CommandFormatter.format(operation), operation.isReadOnly(), Shape.GATEWAY, null);
    }

    /**
     * The path's segments, percent-decoded one by one (so {@code %2F} stays inside its segment);
     * empty segments (from {@code //} or a trailing {@code /}) are dropped. Empty if the encoding
     * is bad.
     */
    private static Optional<List<String>> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            Optional<String> decoded = percentDecode(raw);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            out.add(decoded.get());
        }
        return Optional.of(out);
    }

    /** RFC 3986 percent-decoding of a path segment ({@code +} stays a plus), then strict UTF-8. */
    static Optional<String> percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c <= 0xFF) {
                // Netty reads the request line byte by byte into chars, so raw UTF-8 arrives as 0x80-0xFF.
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        return utf8(bytes.toByteArray());
    }

    /** Strict UTF-8 (malformed input is refused, never replaced). */
    static Optional<String> utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
