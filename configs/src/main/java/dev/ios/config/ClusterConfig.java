package dev.ios.config;

import dev.ios.consensus.quorum.QuorumSystem;
import dev.ios.consensus.quorum.QuorumSystems;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A server config together with the address file of its cluster, checked against each other:
 * what a server needs to start. Checks beyond each file alone:
 *
 * <ul>
 *   <li>{@code quorumSystem} must suit the number of servers (e.g. {@code fixed:9} needs at least
 *       9), and the quorum system must be safe (see {@link QuorumSystems#parse});
 *   <li>{@code delegateReplication} must be at most the number of other servers;
 *   <li>the REST ports {@code restBasePort + id} must be ports and must not clash with an address.
 * </ul>
 *
 * @param server the server config
 * @param addresses the address file
 */
public record ClusterConfig(ServerConfig server, AddressConfig addresses) {

    /** Checks the two against each other; throws {@link IllegalArgumentException} if they clash. */
    public ClusterConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(addresses, "addresses");
        try {
            server.validateFor(addresses);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Reads both files and checks them, each alone and against each other. */
    public static ClusterConfig read(Path serverFile, Path addressFile) throws ConfigException {
        return of(IniParser.read(serverFile), IniParser.read(addressFile));
    }

    /** Parses both texts and checks them; each source names its text in messages. */
    public static ClusterConfig parse(String serverSource, String serverText, String addressSource, String addressText)
            throws ConfigException {
        return of(IniParser.parse(serverSource, serverText), IniParser.parse(addressSource, addressText));
    }

    /**
     * Checks two parsed documents. A clash is reported against the server config's line for the
     * key, naming the address file, e.g. {@code server.conf:5: quorumSystem = fixed:9: does not
     * suit the 3 servers of example3.conf: ...}.
     */
    public static ClusterConfig of(IniDocument serverDocument, IniDocument addressDocument) throws ConfigException {
        ConfigReader reader = ConfigReader.of(serverDocument, ServerConfig.SCHEMA);
        ServerConfig server = ServerConfig.from(reader);
        AddressConfig addresses = AddressConfig.from(addressDocument);
        check(server, addresses, addressDocument.source(),
                (problem, value) -> reader.errorAt(problem.section(), problem.key(), value, problem.message()));
        return new ClusterConfig(server, addresses);
    }

    /** The number of servers, {@code N}. */
    public int serverCount() {
        return addresses.serverCount();
    }

    /** The quorum system for this cluster; valid, because the constructor checked it. */
    public QuorumSystem quorumSystem() {
        return QuorumSystems.parse(server.algorithm().quorumSystem(), serverCount());
    }

    /** Turns a problem with a key, and the key's value, into the exception to throw. */
    interface Blame {
        ConfigException at(Problem problem, String value);
    }

    static void check(ServerConfig server, AddressConfig addresses, String addressSource, Blame blame)
            throws ConfigException {
        int n = addresses.serverCount();
        String cluster = n + (n == 1 ? " server" : " servers") + " of " + addressSource;
        String quorumSystem = server.algorithm().quorumSystem();
        try {
            QuorumSystems.parse(quorumSystem, n);
        } catch (IllegalArgumentException e) {
            throw blame.at(new Problem(AlgorithmSettings.SECTION, "quorumSystem",
                    "does not suit the " + cluster + ": " + e.getMessage()), quorumSystem);
        }
        int delegates = server.algorithm().delegateReplication();
        if (delegates > n - 1) {
            throw blame.at(new Problem(AlgorithmSettings.SECTION, "delegateReplication",
                    "must be -1, 0, or at most " + (n - 1) + " (the other servers) for the " + cluster),
                    Integer.toString(delegates));
        }
        int restBasePort = server.extensions().restBasePort();
        if (restBasePort == 0) {
            return;
        }
        if (restBasePort + n - 1 > ServerAddress.PORT.max()) {
            throw blame.at(new Problem(ExtensionSettings.SECTION, "restBasePort", "plus the highest server id "
                    + (n - 1) + " must be a port (<= 65535) for the " + cluster), Integer.toString(restBasePort));
        }
        for (int id = 0; id < n; id++) {
            ServerAddress address = addresses.servers().get(id);
            if (addresses.usesEndpoint(address.host(), restBasePort + id)) {
                throw blame.at(new Problem(ExtensionSettings.SECTION, "restBasePort", "gives server " + id
                        + " the REST port " + (restBasePort + id) + ", which " + addressSource + " already uses on "
                        + address.hostForUri() + "; choose a base whose ports are free"),
                        Integer.toString(restBasePort));
            }
        }
    }
}
