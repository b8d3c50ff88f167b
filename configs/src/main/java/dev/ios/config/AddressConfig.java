package dev.ios.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An address file: the servers of one cluster, shared by servers and clients. Server ids are the
 * order of the {@code address} lines, from 0.
 *
 * <pre>
 * [servers]
 * address = 127.0.0.1:8090:8080
 * address = 127.0.0.1:8091:8081
 * </pre>
 *
 * <p>Ios's format exactly. (Early Ios had {@code [peers]} and {@code [clients]} sections of {@code
 * host:port}; Ios itself no longer reads them, and neither do we, but the refusal says how to
 * convert.)
 *
 * @param servers 1 to {@link #SERVERS_MAX} servers, no two sharing a host and port
 */
public record AddressConfig(List<ServerAddress> servers) {

    /** The most servers a cluster may have: quorums are sets of server ids in a 64-bit mask. */
    public static final int SERVERS_MAX = 64;

    static final String SECTION = "servers";
    static final ConfigSchema SCHEMA = ConfigSchema.create()
            .section(SECTION, "address")
            .repeatable(SECTION, "address")
            .hint("peers", "Ios now lists each server once as [servers] address = host:peerPort:clientPort")
            .hint("clients", "Ios now lists each server once as [servers] address = host:peerPort:clientPort");

    /** Copies the list; throws {@link IllegalArgumentException} on a count out of range or a clash. */
    public AddressConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty() || servers.size() > SERVERS_MAX) {
            throw new IllegalArgumentException("must have 1 to " + SERVERS_MAX + " servers, has " + servers.size());
        }
        Map<String, String> endpoints = new HashMap<>();
        for (int id = 0; id < servers.size(); id++) {
            String clash = claimEndpoints(endpoints, servers.get(id), "server " + id);
            if (clash != null) {
                throw new IllegalArgumentException("server " + id + ": " + clash);
            }
        }
    }

    /** Reads and validates an address file. */
    public static AddressConfig read(Path file) throws ConfigException {
        return from(IniParser.read(file));
    }

    /** Parses and validates address-file text; {@code source} names it in messages. */
    public static AddressConfig parse(String source, String text) throws ConfigException {
        return from(IniParser.parse(source, text));
    }

    /** Validates a parsed document as an address file. */
    public static AddressConfig from(IniDocument document) throws ConfigException {
        ConfigReader reader = ConfigReader.of(document, SCHEMA);
        List<IniEntry> lines = reader.all(SECTION, "address");
        if (lines.isEmpty()) {
            throw ConfigException.atKey(document.source(), document.sectionLines().getOrDefault(SECTION, 0),
                    "address", "no servers; [servers] must list at least one address = " + ServerAddress.FORM);
        }
        List<ServerAddress> servers = new ArrayList<>();
        Map<String, String> endpoints = new HashMap<>();
        for (IniEntry line : lines) {
            if (servers.size() == SERVERS_MAX) {
                reader.check(line, "is server " + SERVERS_MAX + "; a cluster has at most " + SERVERS_MAX + " servers");
            }
            ServerAddress server;
            try {
                server = ServerAddress.parse(line.value());
            } catch (IllegalArgumentException e) {
                throw ConfigException.atValue(document.source(), line.line(), line.key(), line.value(), e.getMessage());
            }
            reader.check(line, claimEndpoints(endpoints, server, "the address on line " + line.line()));
            servers.add(server);
        }
        return new AddressConfig(servers);
    }

    /** The number of servers, {@code N}; ids are {@code 0..N-1}. */
    public int serverCount() {
        return servers.size();
    }

    /** Writes the file in Ios's format, one {@code address} line per server in id order. */
    public String toConfigText() {
        IniWriter out = new IniWriter()
                .comment("The servers of the cluster; server ids follow line order, from 0.")
                .section(SECTION);
        for (ServerAddress server : servers) {
            out.entry("address", server.toString());
        }
        return out.toString();
    }

    /**
     * Records the server's two endpoints in {@code endpoints} (keyed {@code host:port}, valued
     * with {@code owner}, e.g. "server 2"); returns the clash if one is taken, else null.
     */
    private static String claimEndpoints(Map<String, String> endpoints, ServerAddress server, String owner) {
        for (int port : new int[] {server.peerPort(), server.clientPort()}) {
            String endpoint = server.hostKey() + ":" + port;
            String previous = endpoints.putIfAbsent(endpoint, owner);
            if (previous != null) {
                return server.hostForUri() + ":" + port + " is already used by " + previous
                        + "; every host:port must be unique";
            }
        }
        return null;
    }

    /** True if {@code host:port} is one of the endpoints of this file. */
    boolean usesEndpoint(String host, int port) {
        for (ServerAddress server : servers) {
            if (server.hostKey().equalsIgnoreCase(host) && (server.peerPort() == port || server.clientPort() == port)) {
                return true;
            }
        }
        return false;
    }
}
