package dev.ios.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import com.sun.nio.file.ExtendedOpenOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The production {@link Disk}: {@link FileChannel}s on the local file system. {@link #syncDirectory}
 * forces a channel opened on the directory, which is how Linux makes names durable.
 */
public final class RealDisk implements Disk {

    /** The one instance; it holds no state. */
    public static final RealDisk INSTANCE = new RealDisk();

    private RealDisk() {}

    @Override
    public DiskFile open(Path path, boolean create, WriteMode writeMode) throws IOException {
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        options.add(StandardOpenOption.WRITE);
        if (create) {
            options.add(StandardOpenOption.CREATE);
        }
        if (writeMode == WriteMode.DSYNC) {
            options.add(StandardOpenOption.DSYNC);
        } else if (writeMode == WriteMode.SYNC) {
            options.add(StandardOpenOption.SYNC);
        } else if (writeMode == WriteMode.DIRECT) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        return new ChannelFile(FileChannel.open(path, options));
    }

    @Override
    public int directAlignmentBytes(Path dir) throws IOException {
        // The file system's block size is a multiple of the device's logical block size, which
        // is what O_DIRECT strictly needs; aligning to the larger one is always accepted.
        return Math.toIntExact(Files.getFileStore(dir).getBlockSize());
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> sorted = new ArrayList<>(entries.toList());
            sorted.sort(null);
            return sorted;
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void moveAtomic(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Someone else created it between the check and here; it exists, which is all we need.
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    @Override
    public AutoCloseable lock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException(file + " is locked by another process");
            }
            return channel::close;
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException(file + " is locked by this process already", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A {@link DiskFile} over one {@link FileChannel}. */
    private static final class ChannelFile implements DiskFile {
        private final FileChannel channel;

        ChannelFile(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            channel.truncate(sizeBytes);
        }

        @Override
        public void force() throws IOException {
            // force(false): data and the metadata needed to read it back (size), not mtime.
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
