package dev.ios.server.api;

/**
 * A client request as the client port, REST or the embedding API hands it to the runtime.
 *
 * @param clientId with {@code requestId}, makes the request exactly-once (a retry with the same
 *     pair returns the saved response)
 * @param requestId the client's sequence number, increasing per client
 * @param readOnly the client says it only reads (eligible for participant reads)
 * @param forceViewChange Ios's flag: start a view change before handling it
 * @param command the state machine command, e.g. {@code update A 1} for the key-value store
 */
public record ClientRequest(long clientId, long requestId, boolean readOnly, boolean forceViewChange, byte[] command) {}
