package dev.ios.bench.clusterbench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.HdrHistogram.Histogram;

/**
 * The floor under one replicated write on this machine, measured before the servers start: a small
 * durable write (what a server's log write costs at least) and a loopback TCP round trip (what a
 * client's request costs at least). A write through a master that persists before answering cannot
 * be faster than one of each, so {@code fsync p50 + loopback p50} is the floor the benchmark divides
 * latencies by.
 *
 * <p>The durable write is made the way the servers' logs make theirs: into space written with zeros
 * beforehand, so the sync does not grow the file (which would also commit the file system's
 * journal). Two more figures say how far above that floor a cluster on one disk must be: the same
 * writes appending to a growing file, and two writers syncing at once (a master and a follower
 * share the disk, and their syncs may queue behind each other).
 *
 * @param fsync latency of {@code write(128 B) + force(false)} into preallocated space of a file in
 *     the data directory
 * @param fsyncGrowing the same, appending to the end of a file (each sync grows it)
 * @param fsyncPair the first, by two threads at once, each on its own file (both threads' samples)
 * @param loopback round trip of a small message over TCP on 127.0.0.1 with {@code TCP_NODELAY}
 */
public record Floor(LatencyStats fsync, LatencyStats fsyncGrowing, LatencyStats fsyncPair, LatencyStats loopback) {

    /** Bytes per append: about one small log record. */
    static final int APPEND_BYTES = 128;

    /** Bytes per loopback message: about one small request line. */
    static final int MESSAGE_BYTES = 64;

    /** The floor per write in microseconds: fsync p50 plus loopback p50. */
    public double floorUs() {
        return fsync.p50Us() + loopback.p50Us();
    }

    /**
     * Measures all four: {@code fsyncSamples} writes for each sync figure, to scratch files in {@code
     * dir} (deleted after), and {@code rttSamples} round trips.
     */
    public static Floor measure(Path dir, int fsyncSamples, int rttSamples) throws IOException {
        return new Floor(fsync(dir, fsyncSamples, true), fsync(dir, fsyncSamples, false), fsyncPair(dir, fsyncSamples),
                loopback(rttSamples));
    }

    /**
     * Latency of writing 128 bytes and {@code force(false)} (fdatasync), {@code samples} times: into
     * zeros written and synced beforehand if {@code preallocated}, else appending.
     */
    public static LatencyStats fsync(Path dir, int samples, boolean preallocated) throws IOException {
        return LatencyStats.ofNanos(syncedWrites(dir, samples, preallocated));
    }

    /** {@link #fsync} by two threads at once, each on a file of its own; both threads' samples. */
    public static LatencyStats fsyncPair(Path dir, int samples) throws IOException {
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Histogram> other = CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                return syncedWrites(dir, samples, true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable, "floor-fsync-pair").start());
        start.countDown();
        Histogram both = syncedWrites(dir, samples, true);
        try {
            both.add(other.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring", e);
        } catch (ExecutionException e) {
            throw new IOException("the second writer failed: " + e.getCause(), e.getCause());
        }
        return LatencyStats.ofNanos(both);
    }

    private static Histogram syncedWrites(Path dir, int samples, boolean preallocated) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "floor-fsync", ".bin");
        Histogram histogram = LatencyStats.newHistogram();
        ByteBuffer record = ByteBuffer.allocateDirect(APPEND_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (preallocated) {
                // Not timed: the zeros the servers' logs write ahead of their records.
                ByteBuffer zeros = ByteBuffer.allocateDirect(APPEND_BYTES * samples);
                while (zeros.hasRemaining()) {
                    channel.write(zeros, zeros.position());
                }
                channel.force(true);
            }
            for (int i = 0; i < samples; i++) {
                record.clear();
                long position = (long) i * APPEND_BYTES;
                long startNs = System.nanoTime();
                while (record.hasRemaining()) {
                    channel.write(record, position + record.position());
                }
                channel.force(false);
                histogram.recordValue(Math.max(1, System.nanoTime() - startNs));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return histogram;
    }

    /**
     * Round trips of a 64-byte message to an echo thread over 127.0.0.1, both ends with {@code
     * TCP_NODELAY} and blocking channels: like a request, each trip wakes a thread on either side.
     */
    public static LatencyStats loopback(int samples) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread echo = new Thread(() -> echo(server), "floor-echo");
            echo.setDaemon(true);
            echo.start();
            Histogram histogram = LatencyStats.newHistogram();
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE_BYTES);
                for (int i = 0; i < samples; i++) {
                    message.clear();
                    long startNs = System.nanoTime();
                    while (message.hasRemaining()) {
                        client.write(message);
                    }
                    message.clear();
                    while (message.hasRemaining()) {
                        if (client.read(message) < 0) {
                            throw new IOException("the echo thread closed the connection");
                        }
                    }
                    histogram.recordValue(Math.max(1, System.nanoTime() - startNs));
                }
            }
            return LatencyStats.ofNanos(histogram);
        }
    }

    /** Echoes every byte of one connection back until it closes. */
    private static void echo(ServerSocketChannel server) {
        try (SocketChannel peer = server.accept()) {
            peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE_BYTES);
            while (peer.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    peer.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // The measuring side closed or failed; it reports its own error.
        }
    }
}
