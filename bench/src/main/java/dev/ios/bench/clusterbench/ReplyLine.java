package dev.ios.bench.clusterbench;

/**
 * One answer line of the Ios JSON client protocol (docs/client-protocol.md), read without a JSON
 * library: the benchmark's client parses every reply on one thread, so this stays allocation-light.
 * It reads a flat JSON object of strings, numbers, booleans and null, which is all a server sends.
 *
 * @param clientId {@code ClientID}, -1 when absent: the benchmark matches an answer to its client by
 *     it when clients share a connection
 * @param requestId {@code RequestID}
 * @param success {@code Success}
 * @param response {@code Response}, unescaped
 * @param outcome {@code Outcome} ({@code NOT_MASTER}, {@code REJECTED}, {@code INDETERMINATE}), or
 *     null when absent (success)
 * @param masterHint {@code MasterHint}, -1 when absent
 */
public record ReplyLine(long clientId, long requestId, boolean success, String response, String outcome, int masterHint) {

    /** The reply in {@code line}, or null if it is not a flat JSON object with a {@code RequestID}. */
    public static ReplyLine parse(CharSequence line) {
        Parser parser = new Parser(line);
        try {
            return parser.object();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** A cursor over one line; every method throws IllegalArgumentException on anything unexpected. */
    private static final class Parser {
        private final CharSequence text;
        private int at;

        Parser(CharSequence text) {
            this.text = text;
        }

        ReplyLine object() {
            long clientId = -1;
            long requestId = -1;
            boolean success = false;
            String response = "";
            String outcome = null;
            int masterHint = -1;
            skipSpace();
            expect('{');
            skipSpace();
            if (text.charAt(at) == '}') {
                throw new IllegalArgumentException("empty object");
            }
            while (true) {
                skipSpace();
                String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                char first = text.charAt(at);
                if (first == '"') {
                    String value = string();
                    if (name.equals("Response")) {
                        response = value;
                    } else if (name.equals("Outcome")) {
                        outcome = value;
                    }
                } else {
                    String word = word();
                    switch (name) {
                        case "ClientID":
                            clientId = Long.parseLong(word);
                            break;
                        case "RequestID":
                            requestId = Long.parseLong(word);
                            break;
                        case "Success":
                            success = word.equals("true");
                            break;
                        case "MasterHint":
                            masterHint = Integer.parseInt(word);
                            break;
                        default:
                            break;
                    }
                }
                skipSpace();
                char next = text.charAt(at++);
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (at - 1));
                }
            }
            if (requestId < 0) {
                throw new IllegalArgumentException("no RequestID");
            }
            return new ReplyLine(clientId, requestId, success, response, outcome, masterHint);
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n':
                        out.append('\n');
                        break;
                    case 't':
                        out.append('\t');
                        break;
                    case 'r':
                        out.append('\r');
                        break;
                    case 'b':
                        out.append('\b');
                        break;
                    case 'f':
                        out.append('\f');
                        break;
                    case 'u':
                        out.append((char) Integer.parseInt(text.subSequence(at, at + 4).toString(), 16));
                        at += 4;
                        break;
                    default:
                        out.append(escaped); // \" \\ \/
                        break;
                }
            }
        }

        /** A number, true, false or null: everything up to the next delimiter. */
        private String word() {
            int start = at;
            while (at < text.length() && ",} \t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("expected a value at " + at);
            }
            return text.subSequence(start, at).toString();
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + at);
            }
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
