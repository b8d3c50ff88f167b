package dev.ios.consensus.quorum;

/** Sets of server ids as {@code long} bit masks: bit {@code i} set means server {@code i} is in. */
public final class ServerSets {

    /** The largest number of servers a mask can hold. */
    public static final int SERVERS_MAX = 64;

    private ServerSets() {}

    /**
     * The set {@code {0, ..., serverCount-1}}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= serverCount <= 64}
     */
    public static long all(int serverCount) {
        if (serverCount < 1 || serverCount > SERVERS_MAX) {
            throw new IllegalArgumentException("server count must be 1.." + SERVERS_MAX + ", was " + serverCount);
        }
        return serverCount == SERVERS_MAX ? -1L : (1L << serverCount) - 1;
    }

    /** True if {@code server} (0..63) is in {@code servers}. */
    public static boolean contains(long servers, int server) {
        return (servers & (1L << server)) != 0;
    }

    /** The set written as a sorted list for messages, e.g. {@code {0, 2, 3}}. */
    public static String format(long servers) {
        StringBuilder text = new StringBuilder("{");
        for (int server = 0; server < SERVERS_MAX; server++) {
            if (contains(servers, server)) {
                if (text.length() > 1) {
                    text.append(", ");
                }
                text.append(server);
            }
        }
        return text.append('}').toString();
    }
}
