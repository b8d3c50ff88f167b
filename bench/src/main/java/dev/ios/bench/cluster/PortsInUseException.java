package dev.ios.bench.cluster;

/** Some port of a local cluster is already taken, so no server was started; the message names each port and its server. */
public final class PortsInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With the message shown to the user. */
    public PortsInUseException(String message) {
        super(message);
    }
}
