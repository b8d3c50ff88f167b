package dev.ios.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A client config: Ios's {@code [parameters]} section, read by the shell and the workload
 * generator. Key names are capitalised as in Ios's files, but any case is accepted.
 *
 * @param timeoutMs how long to wait for a reply before retrying elsewhere, in milliseconds; key
 *     {@code Timeout}, required, {@code >= 1}
 * @param backoffMs how long to wait after failing to connect to a server before trying the next,
 *     in milliseconds; key {@code Backoff}, required, {@code >= 1}
 * @param connectRandom try servers in random order instead of from server 0 on; key {@code
 *     ConnectRandom}, default false
 * @param beforeForce after this many failed attempts, a retried request asks for a view change
 *     ({@code ForceViewChange}); -1 never asks, 0 asks from the first retry; key {@code
 *     BeforeForce}, default 0 (as in Ios, where a missing key is 0)
 * @param application the application the servers run; key {@code Application}, required
 */
public record ClientConfig(
        int timeoutMs, int backoffMs, boolean connectRandom, int beforeForce, Application application) {

    static final String SECTION = "parameters";
    static final IntRange TIMEOUT = IntRange.atLeast(1);
    static final IntRange BACKOFF = IntRange.atLeast(1);
    static final IntRange BEFORE_FORCE = IntRange.atLeast(-1);
    static final ConfigSchema SCHEMA = ConfigSchema.create()
            .section(SECTION, "Timeout", "Backoff", "ConnectRandom", "BeforeForce", "Application");

    /** Validates every value; throws {@link IllegalArgumentException} saying what is allowed. */
    public ClientConfig {
        TIMEOUT.require("Timeout", timeoutMs);
        BACKOFF.require("Backoff", backoffMs);
        BEFORE_FORCE.require("BeforeForce", beforeForce);
        Objects.requireNonNull(application, "application");
    }

    /** Reads and validates a client config file. */
    public static ClientConfig read(Path file) throws ConfigException {
        return from(IniParser.read(file));
    }

    /** Parses and validates client-config text; {@code source} names it in messages. */
    public static ClientConfig parse(String source, String text) throws ConfigException {
        return from(IniParser.parse(source, text));
    }

    /** Validates a parsed document as a client config. */
    public static ClientConfig from(IniDocument document) throws ConfigException {
        ConfigReader reader = ConfigReader.of(document, SCHEMA);
        return new ClientConfig(
                reader.requiredInt(SECTION, "Timeout", TIMEOUT),
                reader.requiredInt(SECTION, "Backoff", BACKOFF),
                reader.optionalBoolean(SECTION, "ConnectRandom", false),
                reader.optionalInt(SECTION, "BeforeForce", BEFORE_FORCE, 0),
                reader.requiredChoice(SECTION, "Application", Application.class));
    }

    /** The config in Ios's format; {@link #parse} reads it back equal. */
    public String toConfigText() {
        return new IniWriter()
                .comment("Ios client configuration.")
                .section(SECTION)
                .entry("Timeout", Integer.toString(timeoutMs))
                .entry("Backoff", Integer.toString(backoffMs))
                .entry("ConnectRandom", Boolean.toString(connectRandom))
                .entry("BeforeForce", Integer.toString(beforeForce))
                .entry("Application", application.configName())
                .toString();
    }
}
