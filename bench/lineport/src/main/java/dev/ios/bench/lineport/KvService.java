package dev.ios.bench.lineport;

import java.util.function.Consumer;

/**
 * What the client port hands a well-formed request to: the Raft side. Implemented over a
 * SOFAJRaft node in bench/sofajraft and a Ratis server in bench/ratis; tests use fakes.
 */
public interface KvService {

    /**
     * Starts {@code request} and returns at once. {@code answer} receives exactly one answer line
     * ({@link ReplyLines}), later and on any thread, or at once on the calling one. Must not throw
     * for a bad command: that is answered with {@code REJECTED}.
     *
     * <p>Called on a connection's I/O thread, which must not block.
     */
    void submit(RequestLine.Request request, Consumer<String> answer);
}
