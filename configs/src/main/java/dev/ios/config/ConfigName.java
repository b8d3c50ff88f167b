package dev.ios.config;

/** A choice among fixed values, each with the exact spelling a config file uses for it. */
public interface ConfigName {

    /** The spelling in a config file, e.g. {@code fsync} or {@code kv-store}. */
    String configName();
}
