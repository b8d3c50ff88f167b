package dev.ios.config;

import java.util.Locale;
import java.util.Objects;

/**
 * Where one server listens: for its peers on {@code peerPort} and for clients on {@code
 * clientPort}, both on {@code host}. Written {@code host:peerPort:clientPort}, with an IPv6 host in
 * brackets ({@code [::1]:8090:8080}).
 *
 * @param host a DNS name or IPv4 address (letters, digits, {@code . - _}) or an IPv6 address
 *     (without brackets), at most 253 characters
 * @param peerPort 1 to 65535
 * @param clientPort 1 to 65535, not equal to {@code peerPort}
 */
public record ServerAddress(String host, int peerPort, int clientPort) {

    static final IntRange PORT = new IntRange(1, 65_535);
    static final String FORM = "host:peerPort:clientPort, e.g. 127.0.0.1:8090:8080 (ports 1 to 65535)";

    /** Validates host and ports; throws {@link IllegalArgumentException} saying what is allowed. */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        String problem = hostProblem(host);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        PORT.require("peerPort", peerPort);
        PORT.require("clientPort", clientPort);
        if (peerPort == clientPort) {
            throw new IllegalArgumentException("peer port and client port are both " + peerPort + "; they must differ");
        }
    }

    /**
     * Parses {@code host:peerPort:clientPort}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static ServerAddress parse(String text) {
        String host;
        String rest;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("must be " + FORM);
            }
            host = text.substring(1, close);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("brackets are only for IPv6 hosts; must be " + FORM);
            }
            rest = text.substring(close + 2);
        } else {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("must be " + FORM);
            }
            host = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        String[] ports = rest.split(":", -1);
        if (ports.length != 2) {
            throw new IllegalArgumentException("must be " + FORM);
        }
        return new ServerAddress(host, parsePort("peer port", ports[0]), parsePort("client port", ports[1]));
    }

    private static int parsePort(String what, String text) {
        if (!text.matches("[0-9]{1,9}") || !PORT.contains(Long.parseLong(text))) {
            throw new IllegalArgumentException(
                    what + " '" + ConfigException.printable(text) + "' is not a port; must be " + FORM);
        }
        return Integer.parseInt(text);
    }

    /** {@code host:peerPort:clientPort}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return hostForUri() + ":" + peerPort + ":" + clientPort;
    }

    /** The host as it goes before {@code :port}: IPv6 addresses in brackets. */
    public String hostForUri() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The host lower-cased, for comparing endpoints (DNS names are case-insensitive). */
    String hostKey() {
        return host.toLowerCase(Locale.ROOT);
    }

    static String hostProblem(String host) {
        if (host.isEmpty()) {
            return "the host is empty; must be " + FORM;
        }
        if (host.length() > 253) {
            return "the host is longer than 253 characters";
        }
        String allowed = host.contains(":") ? "[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?" : "[A-Za-z0-9._-]+";
        if (!host.matches(allowed)) {
            return "host '" + ConfigException.printable(host) + "' is not a host name or IP address; must be " + FORM;
        }
        return null;
    }
}
