package dev.ios.config;

/** Which log store a server uses: {@code [extensions] logBackend}, an option Ios does not have. */
public enum LogBackend implements ConfigName {
    /** Our own segment files, every record length-prefixed and CRC32C-checked. The default. */
    SEGMENTED("segmented"),
    /** Chronicle Queue with our own checksums; see the storage module's docs for its limits. */
    CHRONICLE("chronicle");

    private final String configName;

    LogBackend(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
