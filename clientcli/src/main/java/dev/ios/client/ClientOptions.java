package dev.ios.client;

import dev.ios.config.Application;
import dev.ios.config.ClientConfig;

/**
 * How an {@link IosClient} retries: Ios's client config plus the bounds Ios's client did not have
 * (it retried forever).
 *
 * @param timeoutMs Ios's {@code Timeout}: how long to wait for an answer, or for a connection,
 *     before giving up on a server and trying the next; {@code >= 1}
 * @param backoffMs Ios's {@code Backoff}: the pause before connecting again after a server failed
 *     (never after following a master hint); {@code >= 1}
 * @param connectRandom Ios's {@code ConnectRandom}: visit servers in a random order (a fresh
 *     shuffle each round) instead of from server 0 on
 * @param beforeForce Ios's {@code BeforeForce}: a request is sent with {@code ForceViewChange}
 *     once it has failed more than this many times, exactly as Ios's {@code tries > beforeForce}
 *     (0: from the first retry; -1: never). Following a master hint is not a failure.
 * @param application what the servers run; for {@code kv-store} commands are checked locally
 *     before they are sent
 * @param triesMax a request is sent at most this many times, then ends {@link
 *     Outcome.Why#TRIES_EXHAUSTED}; {@code >= 1}
 * @param requestDeadlineMs a request that has not ended this long after it was submitted ends
 *     {@link Outcome.Why#DEADLINE}; {@code >= 1}
 * @param connectRoundsMax after this many rounds in a row in which every server refused the
 *     connection (or did not accept it within {@code timeoutMs}), pending requests end {@link
 *     Outcome.Why#UNREACHABLE}; {@code >= 1}
 * @param inFlightMax the most requests one client holds at once (sent or waiting to be sent);
 *     {@code >= 1}. See {@link IosClient#submitAsync} for what happens beyond it.
 */
public record ClientOptions(
        int timeoutMs,
        int backoffMs,
        boolean connectRandom,
        int beforeForce,
        Application application,
        int triesMax,
        long requestDeadlineMs,
        int connectRoundsMax,
        int inFlightMax) {

    /**
     * Default {@link #triesMax}. High on purpose: while a new master is being elected (1-2 s by
     * default), the surviving servers still name the dead one, and every such redirect costs a try
     * (about 0.1 s a round); 10 tries gave up mid-election. The request deadline (30 s) is the
     * bound that matters.
     */
    public static final int TRIES_MAX_DEFAULT = 100;
    /** Default {@link #requestDeadlineMs}: 30 s. */
    public static final long REQUEST_DEADLINE_MS_DEFAULT = 30_000;
    /** Default {@link #connectRoundsMax}. */
    public static final int CONNECT_ROUNDS_MAX_DEFAULT = 2;
    /** Default {@link #inFlightMax}. */
    public static final int IN_FLIGHT_MAX_DEFAULT = 1024;

    /** Validates every bound; throws {@link IllegalArgumentException} naming the bad one. */
    public ClientOptions {
        require(timeoutMs >= 1, "timeoutMs must be >= 1, is " + timeoutMs);
        require(backoffMs >= 1, "backoffMs must be >= 1, is " + backoffMs);
        require(beforeForce >= -1, "beforeForce must be >= -1, is " + beforeForce);
        require(application != null, "application must not be null");
        require(triesMax >= 1, "triesMax must be >= 1, is " + triesMax);
        require(requestDeadlineMs >= 1, "requestDeadlineMs must be >= 1, is " + requestDeadlineMs);
        require(connectRoundsMax >= 1, "connectRoundsMax must be >= 1, is " + connectRoundsMax);
        require(inFlightMax >= 1, "inFlightMax must be >= 1, is " + inFlightMax);
    }

    /** Ios's client config with the default bounds. */
    public static ClientOptions from(ClientConfig config) {
        return new ClientOptions(config.timeoutMs(), config.backoffMs(), config.connectRandom(), config.beforeForce(),
                config.application(), TRIES_MAX_DEFAULT, REQUEST_DEADLINE_MS_DEFAULT, CONNECT_ROUNDS_MAX_DEFAULT,
                IN_FLIGHT_MAX_DEFAULT);
    }

    /** The values of Ios's {@code configfiles/simple/client.conf} (500 ms, 10 ms, 3) with the default bounds. */
    public static ClientOptions defaults() {
        return new ClientOptions(500, 10, false, 3, Application.KV_STORE, TRIES_MAX_DEFAULT,
                REQUEST_DEADLINE_MS_DEFAULT, CONNECT_ROUNDS_MAX_DEFAULT, IN_FLIGHT_MAX_DEFAULT);
    }

    /** A copy with another {@link #timeoutMs}. */
    public ClientOptions withTimeoutMs(int value) {
        return new ClientOptions(value, backoffMs, connectRandom, beforeForce, application, triesMax,
                requestDeadlineMs, connectRoundsMax, inFlightMax);
    }

    /** A copy with another {@link #backoffMs}. */
    public ClientOptions withBackoffMs(int value) {
        return new ClientOptions(timeoutMs, value, connectRandom, beforeForce, application, triesMax,
                requestDeadlineMs, connectRoundsMax, inFlightMax);
    }

    /** A copy with another {@link #connectRandom}. */
    public ClientOptions withConnectRandom(boolean value) {
        return new ClientOptions(timeoutMs, backoffMs, value, beforeForce, application, triesMax,
                requestDeadlineMs, connectRoundsMax, inFlightMax);
    }

    /** A copy with another {@link #beforeForce}. */
    public ClientOptions withBeforeForce(int value) {
        return new ClientOptions(timeoutMs, backoffMs, connectRandom, value, application, triesMax,
                requestDeadlineMs, connectRoundsMax, inFlightMax);
    }

    /** A copy with another {@link #triesMax}. */
    public ClientOptions withTriesMax(int value) {
        return new ClientOptions(timeoutMs, backoffMs, connectRandom, beforeForce, application, value,
                requestDeadlineMs, connectRoundsMax, inFlightMax);
    }

    /** A copy with another {@link #requestDeadlineMs}. */
    public ClientOptions withRequestDeadlineMs(long value) {
        return new ClientOptions(timeoutMs, backoffMs, connectRandom, beforeForce, application, triesMax,
                value, connectRoundsMax, inFlightMax);
    }

    /** A copy with another {@link #connectRoundsMax}. */
    public ClientOptions withConnectRoundsMax(int value) {
        return new ClientOptions(timeoutMs, backoffMs, connectRandom, beforeForce, application, triesMax,
                requestDeadlineMs, value, inFlightMax);
    }

    /** A copy with another {@link #inFlightMax}. */
    public ClientOptions withInFlightMax(int value) {
        return new ClientOptions(timeoutMs, backoffMs, connectRandom, beforeForce, application, triesMax,
                requestDeadlineMs, connectRoundsMax, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
