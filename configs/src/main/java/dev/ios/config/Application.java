package dev.ios.config;

/**
 * Which state machine the servers replicate and clients talk to: {@code [application] name} in a
 * server config and {@code [parameters] Application} in a client config, with Ios's names.
 */
public enum Application implements ConfigName {
    /**
     * The key-value store: {@code get}, {@code exists}, {@code update}, {@code delete}, {@code
     * count}, {@code print}.
     */
    KV_STORE("kv-store"),
    /**
     * Ios's stand-in application for measuring the protocol alone: its one command {@code ping}
     * is answered {@code pong}, and its only state is a count of pings.
     */
    DUMMY("dummy");

    private final String configName;

    Application(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
