package dev.ios.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A server config: Ios's {@code [algorithm]}, {@code [performance]}, {@code [application]} and
 * {@code [unsafe]} sections, plus our {@code [extensions]}. The same file serves every server of a
 * cluster. Immutable; every instance is valid on its own. Whether it suits a cluster (the quorum
 * system against the server count) is checked by {@link #validateFor} or {@link ClusterConfig}.
 *
 * @param algorithm {@code [algorithm]}
 * @param performance {@code [performance]}
 * @param application {@code [application] name}, required
 * @param unsafe {@code [unsafe]}
 * @param extensions {@code [extensions]}, ours; {@link ExtensionSettings#DEFAULTS} when absent
 */
public record ServerConfig(
        AlgorithmSettings algorithm,
        PerformanceSettings performance,
        Application application,
        UnsafeSettings unsafe,
        ExtensionSettings extensions) {

    static final String APPLICATION_SECTION = "application";
    static final ConfigSchema SCHEMA = schema();

    /** Checks that no section is null. */
    public ServerConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(performance, "performance");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(unsafe, "unsafe");
        Objects.requireNonNull(extensions, "extensions");
    }

    private static ConfigSchema schema() {
        ConfigSchema schema = ConfigSchema.create();
        AlgorithmSettings.addTo(schema);
        PerformanceSettings.addTo(schema);
        schema.section(APPLICATION_SECTION, "name");
        UnsafeSettings.addTo(schema);
        ExtensionSettings.addTo(schema);
        return schema;
    }

    /** Reads and validates a server config file. */
    public static ServerConfig read(Path file) throws ConfigException {
        return from(IniParser.read(file));
    }

    /** Parses and validates server-config text; {@code source} names it in messages. */
    public static ServerConfig parse(String source, String text) throws ConfigException {
        return from(IniParser.parse(source, text));
    }

    /** Validates a parsed document as a server config. */
    public static ServerConfig from(IniDocument document) throws ConfigException {
        return from(ConfigReader.of(document, SCHEMA));
    }

    static ServerConfig from(ConfigReader reader) throws ConfigException {
        return new ServerConfig(
                AlgorithmSettings.read(reader),
                PerformanceSettings.read(reader),
                reader.requiredChoice(APPLICATION_SECTION, "name", Application.class),
                UnsafeSettings.read(reader),
                ExtensionSettings.read(reader));
    }

    /**
     * Checks this config against a cluster's address file, as {@link ClusterConfig#of} does.
     *
     * @throws ConfigException naming the key (no line: a model has none; {@link ClusterConfig#read}
     *     names it) and what the cluster allows
     */
    public void validateFor(AddressConfig addresses) throws ConfigException {
        ClusterConfig.check(this, addresses, "the address file",
                (problem, value) ->
                        ConfigException.atValue("server config", 0, problem.key(), value, problem.message()));
    }

    /**
     * The config in Ios's format; {@link #parse} reads it back equal. {@code [extensions]} is
     * written only when it differs from the defaults, so the file stays readable by Ios.
     */
    public String toConfigText() {
        IniWriter out = new IniWriter().comment("Ios server configuration.");
        algorithm.writeTo(out);
        performance.writeTo(out);
        out.section(APPLICATION_SECTION).entry("name", application.configName());
        unsafe.writeTo(out);
        if (!extensions.equals(ExtensionSettings.DEFAULTS)) {
            extensions.writeTo(out);
        }
        return out.toString();
    }
}
