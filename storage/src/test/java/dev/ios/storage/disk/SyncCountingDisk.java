package dev.ios.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only {@link Disk} over another that records, at every {@link DiskFile#force}, how many bytes
 * had been written to that file since its previous force: what the sync had to flush. Not
 * thread-safe: one test thread.
 */
public final class SyncCountingDisk implements Disk {

    /** One force: of which file, and the bytes written to it since the last one. */
    public record Force(Path path, long unsyncedBytes) {}

    private final Disk inner;
    private final List<Force> forces = new ArrayList<>();

    public SyncCountingDisk(Disk inner) {
        this.inner = inner;
    }

    /** Every force so far, in order. */
    public List<Force> forces() {
        return List.copyOf(forces);
    }

    @Override
    public DiskFile open(Path path, boolean create, WriteMode writeMode) throws IOException {
        DiskFile file = inner.open(path, create, writeMode);
        return new DiskFile() {
            private long unsynced;

            @Override
            public long size() throws IOException {
                return file.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return file.read(dst, position);
            }

            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                unsynced += src.remaining();
                file.write(src, position);
            }

            @Override
            public void truncate(long sizeBytes) throws IOException {
                file.truncate(sizeBytes);
            }

            @Override
            public void force() throws IOException {
                file.force();
                forces.add(new Force(path, unsynced));
                unsynced = 0;
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    @Override
    public int directAlignmentBytes(Path dir) throws IOException {
        return inner.directAlignmentBytes(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return inner.list(dir);
    }

    @Override
    public boolean exists(Path path) throws IOException {
        return inner.exists(path);
    }

    @Override
    public void delete(Path path) throws IOException {
        inner.delete(path);
    }

    @Override
    public void moveAtomic(Path from, Path to) throws IOException {
        inner.moveAtomic(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        inner.syncDirectory(dir);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        inner.createDirectories(dir);
    }

    @Override
    public AutoCloseable lock(Path file) throws IOException {
        return inner.lock(file);
    }
}
