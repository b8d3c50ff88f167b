package dev.ios.client;

import java.util.concurrent.CompletableFuture;

/**
 * One request the client holds until it ends. Owned by the loop thread after submission; only
 * {@link #future} is shared.
 */
final class PendingRequest {

    final String command;
    final boolean readOnly;
    final long submittedNs;
    final CompletableFuture<Outcome> future = new CompletableFuture<>();

    long requestId;        // 0 until the loop gives it one
    int tries;             // times sent
    int failures;          // failed attempts that count for BeforeForce (not redirects)
    boolean maybeApplied;  // some attempt reached a server without a definite answer
    long sentNs;           // when the current attempt was written
    long sentOnEpoch = -1; // the connection the current attempt was written to; -1: not sent
    String lastProblem;    // why the last attempt failed, for the message when the client gives up

    PendingRequest(String command, boolean readOnly, long submittedNs) {
        this.command = command;
        this.readOnly = readOnly;
        this.submittedNs = submittedNs;
    }
}
