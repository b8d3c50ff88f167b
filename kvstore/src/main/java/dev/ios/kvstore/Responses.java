package dev.ios.kvstore;

/**
 * The response strings of the key-value store. Those Ios has are spelled exactly as Ios spells them
 * ({@code services/store.go}); the rest are ours and are listed in {@code kvstore/README.md}.
 */
public final class Responses {

    private Responses() {}

    /** An {@code update} or {@code delete} was applied (a delete of a missing key too, as in Ios). */
    public static final String OK = "OK";

    /** {@code get} of a key that is not present. */
    public static final String KEY_NOT_FOUND = "key not found";

    /**
     * A line that is not a command. Ios answers {@code update} with the wrong number of words with
     * {@code not recognised} and everything else with this; we answer this everywhere.
     */
    public static final String NOT_RECOGNISED = "request not recognised";

    /** Ours: a command that would write was sent as a read ({@link KvStateMachine#read}). */
    public static final String NOT_READ_ONLY = "request not read-only";

    /** Ours: the start of the answer to a request id older than the client's last applied one. */
    public static final String STALE_REQUEST = "stale request";

    /** Ios's separator between the parts of a joined command, and between their responses. */
    public static final String JOIN = "; ";

    /**
     * The answer to a request id that is older than {@code lastRequestId}, the client's last
     * applied one: {@code stale request: client 7 request 3 is older than its last applied request 5}.
     */
    public static String stale(long clientId, long requestId, long lastRequestId) {
        return STALE_REQUEST + ": client " + clientId + " request " + requestId
                + " is older than its last applied request " + lastRequestId;
    }
}
