package dev.ios.consensus.entry;

import java.util.Arrays;

/**
 * One client request inside a log entry.
 *
 * @param clientId the client's id; with {@code requestId} it makes a request exactly-once
 * @param requestId the client's sequence number for this request
 * @param origin the server the client sent it to: that server replies once it is applied, and
 *     with reverse delegation it coordinates the request's index
 * @param readOnly true if the request only reads (it may be served by a participant read)
 * @param command the state machine command, opaque to the core; never mutated after creation
 */
public record Request(long clientId, long requestId, int origin, boolean readOnly, byte[] command) {

    /** Checks the fields; bad values are programmer errors (decoders validate wire data first). */
    public Request {
        if (origin < 0) {
            throw new IllegalArgumentException("origin must be >= 0, was " + origin);
        }
        if (command == null) {
            throw new IllegalArgumentException("command must not be null");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r
                && r.clientId == clientId
                && r.requestId == requestId
                && r.origin == origin
                && r.readOnly == readOnly
                && Arrays.equals(r.command, command);
    }

    @Override
    public int hashCode() {
        return (int) (clientId * 31 + requestId) * 31 + origin + Arrays.hashCode(command);
    }

    @Override
    public String toString() {
        return "Request[client=" + clientId + ", id=" + requestId + ", origin=" + origin
                + (readOnly ? ", readOnly" : "") + ", " + command.length + "B]";
    }
}
