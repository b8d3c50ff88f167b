package dev.ios.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Who a client is to the servers' sessions: a {@code ClientID} and the source of its increasing
 * {@code RequestID}s. Servers remember, per client id, the last applied request id and its answer,
 * so a client must never send a request id it used before with the same client id — a restarted
 * client would otherwise get an old answer for a new command.
 *
 * <p>Three ways to get one:
 *
 * <ul>
 *   <li>{@link #random()} (the default): a fresh random 63-bit client id from {@link SecureRandom}
 *       on every start, request ids from 1. Two starts collide with probability 2<sup>-63</sup>;
 *       this is Ios's own scheme ({@code rand.Int()}), minus its time-seeded generator.
 *   <li>{@link #persistent(long, Path)}: a client id of the caller's choosing (the shell's {@code
 *       -id}) with the next request id kept in a file. Ids are reserved in blocks of {@link
 *       #BLOCK}: the file is advanced (written, fsynced, renamed) before any id of a block is used,
 *       so after a crash the client skips at most one block and never reuses an id. Servers accept
 *       gaps.
 *   <li>{@link #of(long, long)}: the caller promises the ids are fresh (tests, or callers that keep
 *       their own counter).
 * </ul>
 *
 * <p>Not thread-safe: one {@link IosClient} owns it and calls {@link #nextRequestId()} from its
 * one loop thread.
 */
public final class ClientIdentity {

    /** How many request ids a persistent identity reserves with one write. */
    public static final long BLOCK = 1000;

    private final long clientId;
    private final Path counterFile; // null: not persistent
    private long nextRequestId;
    // Invariant: nextRequestId <= reservedEnd; ids below reservedEnd are on disk as used.
    private long reservedEnd;

    private ClientIdentity(long clientId, Path counterFile, long nextRequestId, long reservedEnd) {
        this.clientId = clientId;
        this.counterFile = counterFile;
        this.nextRequestId = nextRequestId;
        this.reservedEnd = reservedEnd;
    }

    /** A random positive 63-bit client id (never 0), request ids from 1. */
    public static ClientIdentity random() {
        SecureRandom random = new SecureRandom();
        long id = 0;
        while (id == 0) {
            id = random.nextLong() & Long.MAX_VALUE;
        }
        return new ClientIdentity(id, null, 1, Long.MAX_VALUE);
    }

    /**
     * A fixed client id whose request ids continue from {@code firstRequestId}; the caller promises
     * that this client id never used those ids before.
     *
     * @throws IllegalArgumentException if {@code firstRequestId < 1}
     */
    public static ClientIdentity of(long clientId, long firstRequestId) {
        if (firstRequestId < 1) {
            throw new IllegalArgumentException("firstRequestId must be >= 1, is " + firstRequestId);
        }
        return new ClientIdentity(clientId, null, firstRequestId, Long.MAX_VALUE);
    }

    /**
     * A fixed client id whose next request id lives in {@code counterFile} (created with 1 if
     * absent; its parent directory is created too). Reserves the first block before returning.
     *
     * @throws IOException if the file cannot be read, holds anything but a positive decimal number,
     *     or cannot be written
     */
    public static ClientIdentity persistent(long clientId, Path counterFile) throws IOException {
        long next = 1;
        if (Files.exists(counterFile)) {
            String text = Files.readString(counterFile, StandardCharsets.UTF_8).trim();
            try {
                next = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(counterFile + ": not a request id counter: '" + text + "'");
            }
            if (next < 1) {
                throw new IOException(counterFile + ": request id counter must be >= 1, is " + next);
            }
        }
        ClientIdentity identity = new ClientIdentity(clientId, counterFile, next, next);
        identity.reserve();
        return identity;
    }

    /** The {@code ClientID} sent with every request. */
    public long clientId() {
        return clientId;
    }

    /**
     * The next unused request id; each call returns a larger one.
     *
     * @throws IOException if a persistent identity cannot reserve a new block (the id is then not
     *     used)
     */
    long nextRequestId() throws IOException {
        if (nextRequestId == reservedEnd) {
            reserve();
        }
        return nextRequestId++;
    }

    /** Writes {@code nextRequestId + BLOCK} durably before any id of the block is handed out. */
    private void reserve() throws IOException {
        long end = Math.addExact(nextRequestId, BLOCK);
        Path parent = counterFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = parent.resolve(counterFile.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((end + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, counterFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        reservedEnd = end;
    }
}
