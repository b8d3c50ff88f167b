package dev.ios.consensus.message;

/**
 * A message with its sender and receiver. An envelope addressed to the sending server itself is
 * delivered back to it as an input by the runtime (that is how a server counts its own durable
 * acknowledgement without a special case).
 */
public record Envelope(int from, int to, Message message) {}
