package dev.ios.storage;

import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.Disk;
import dev.ios.storage.disk.DiskFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as {@code snapshot-<index>} files in one directory (format in {@link SnapshotFormat}),
 * written through a temp file and renamed, so a snapshot is either complete and checksummed or
 * absent. The newest two valid snapshots are kept; older ones are deleted after each commit.
 *
 * <p>At {@link #open}, every snapshot is verified (a full read); leftover temp files are deleted,
 * and a snapshot whose checksum fails is ignored with a WARN (an older valid one is used instead —
 * the storage facade refuses to start if that leaves the log uncovered). Unknown files are ignored
 * with a WARN.
 *
 * <p>Threads: thread-safe. Writers may run on different threads at once (a snapshot taken on the
 * runtime's snapshot thread while a peer's snapshot arrives on the replica loop): each writes its
 * own temp file, and only the list of committed snapshots is shared, under this store's lock.
 * Durability: when {@link Writer#commit} returns, the snapshot is durable and visible (unless the
 * persistence mode is {@code none}). A durable writer also syncs every 4 MiB as it writes, so the
 * commit's sync is short and the disk never has a whole state to flush at once. Failures throw
 * {@link StorageException} naming the file.
 */
public final class FileSnapshotStore implements SnapshotStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSnapshotStore.class);
    private static final int BUFFER_BYTES = 64 << 10;
    /**
     * A durable writer syncs whenever this much has been written since its last sync. Left to the
     * commit, the sync of a whole state (120 MB for a million keys) is one burst of writes that the
     * log's small syncs queue behind, on every server at once; in pieces, a log sync waits for one
     * piece at most.
     */
    static final long SYNC_EVERY_BYTES_DEFAULT = 4L << 20;

    private final Disk disk;
    private final Path dir;
    private final boolean durable;
    private final long syncEveryBytes;
    // The valid committed snapshots, newest first. Guarded by this.
    private final List<Meta> valid = new ArrayList<>();
    // Numbers the temp files, so writers of the same index never share one.
    private final AtomicLong writersStarted = new AtomicLong();

    private FileSnapshotStore(Disk disk, Path dir, boolean durable, long syncEveryBytes) {
        this.disk = disk;
        this.dir = dir;
        this.durable = durable;
        this.syncEveryBytes = syncEveryBytes;
    }

    /** Opens (creating if needed) the snapshot directory {@code dir} and verifies every snapshot in it. */
    public static FileSnapshotStore open(Disk disk, Path dir, PersistenceMode mode) {
        return open(disk, dir, mode, SYNC_EVERY_BYTES_DEFAULT);
    }

    /**
     * As {@link #open(Disk, Path, PersistenceMode)}, with a durable writer syncing whenever {@code
     * syncEveryBytes} have been written since its last sync ({@link Long#MAX_VALUE}: only at the
     * commit). For tests and the benchmark that compares the two.
     */
    public static FileSnapshotStore open(Disk disk, Path dir, PersistenceMode mode, long syncEveryBytes) {
        if (syncEveryBytes < 1) {
            throw new IllegalArgumentException("syncEveryBytes must be >= 1, was " + syncEveryBytes);
        }
        FileSnapshotStore store = new FileSnapshotStore(disk, dir, mode.isDurable(), syncEveryBytes);
        try {
            disk.createDirectories(dir);
            for (Path path : disk.list(dir)) {
                String name = path.getFileName().toString();
                if (name.startsWith("snapshot-") && name.endsWith(SnapshotFormat.TMP_SUFFIX)) {
                    // A snapshot that was never committed: nothing refers to it.
                    LOG.info("file={}: uncommitted snapshot left by a crash; deleting it", path);
                    disk.delete(path);
                    continue;
                }
                long index = SnapshotFormat.indexOf(path);
                if (index < 0) {
                    LOG.warn("dir={} file={}: not a snapshot name; ignored", dir, path.getFileName());
                    continue;
                }
                String problem = store.verify(path, index);
                if (problem != null) {
                    LOG.warn("file={}: {}; ignored (an older snapshot is used)", path, problem);
                    continue;
                }
                store.valid.add(store.readMeta(path));
            }
            store.valid.sort(Comparator.comparingLong(Meta::index).reversed());
            if (store.durable) {
                disk.syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new StorageException("cannot open snapshots in " + dir + ": " + e, e);
        }
        return store;
    }

    @Override
    public Writer begin(Meta meta) {
        if (meta.index() < 1 || meta.view() < 0) {
            throw new IllegalArgumentException("bad snapshot meta " + meta);
        }
        Path tmp = dir.resolve(SnapshotFormat.tempName(meta.index(), writersStarted.incrementAndGet()));
        try {
            DiskFile file = disk.open(tmp, true, null);
            file.truncate(0);
            file.write(SnapshotFormat.header(meta), 0);
            return new FileWriter(meta, tmp, file);
        } catch (IOException e) {
            throw new StorageException("cannot start snapshot " + tmp + ": " + e, e);
        }
    }

    @Override
    public synchronized Optional<Meta> latest() {
        return valid.isEmpty() ? Optional.empty() : Optional.of(valid.get(0));
    }

    /** Every valid committed snapshot, newest first (at most two after a commit). */
    public synchronized List<Meta> all() {
        return List.copyOf(valid);
    }

    @Override
    public InputStream open(Meta meta) throws IOException {
        // A concurrent commit may prune this snapshot after the check (only once two newer ones are
        // committed); the file then cannot be opened, which callers handle as any read failure.
        if (!isValid(meta)) {
            throw new IOException("no valid snapshot " + meta + " in " + dir);
        }
        Path path = dir.resolve(SnapshotFormat.fileName(meta.index()));
        DiskFile file = disk.open(path, false, null);
        try {
            ByteBuffer trailer = ByteBuffer.allocate(SnapshotFormat.TRAILER_BYTES);
            file.read(trailer, file.size() - SnapshotFormat.TRAILER_BYTES);
            return new CheckedInput(path, file, trailer.getLong(0), trailer.getInt(8));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private synchronized boolean isValid(Meta meta) {
        return valid.contains(meta);
    }

    /** Null if the file at {@code path} is a complete snapshot for {@code index}, else what is wrong. */
    private String verify(Path path, long index) throws IOException {
        try (DiskFile file = disk.open(path, false, null)) {
            long size = file.size();
            if (size < SnapshotFormat.HEADER_BYTES + SnapshotFormat.TRAILER_BYTES) {
                return "corrupt at offset 0: only " + size + " bytes";
            }
            ByteBuffer header = ByteBuffer.allocate(SnapshotFormat.HEADER_BYTES);
            file.read(header, 0);
            if (header.getInt(0) != SnapshotFormat.MAGIC) {
                return "corrupt at offset 0: bad magic";
            }
            if (header.getInt(28) != Crc32c.of(header.array(), 0, 28)) {
                return "corrupt at offset 28: header checksum mismatch";
            }
            if (header.getInt(4) != SnapshotFormat.VERSION) {
                return "corrupt at offset 4: unknown format version " + header.getInt(4);
            }
            if (header.getLong(8) != index) {
                return "corrupt at offset 8: header names index " + header.getLong(8);
            }
            long trailerAt = size - SnapshotFormat.TRAILER_BYTES;
            ByteBuffer trailer = ByteBuffer.allocate(SnapshotFormat.TRAILER_BYTES);
            file.read(trailer, trailerAt);
            if (trailer.getInt(12) != SnapshotFormat.TRAILER_MAGIC) {
                return "corrupt at offset " + (trailerAt + 12) + ": bad trailer magic";
            }
            long payloadBytes = trailer.getLong(0);
            if (payloadBytes != trailerAt - SnapshotFormat.HEADER_BYTES) {
                return "corrupt at offset " + trailerAt + ": trailer says " + payloadBytes + " payload bytes, file has "
                        + (trailerAt - SnapshotFormat.HEADER_BYTES);
            }
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            for (long at = SnapshotFormat.HEADER_BYTES; at < trailerAt; ) {
                buffer.clear().limit((int) Math.min(BUFFER_BYTES, trailerAt - at));
                int n = file.read(buffer, at);
                crc.update(buffer.array(), 0, n);
                at += n;
            }
            if ((int) crc.getValue() != trailer.getInt(8)) {
                return "corrupt: payload checksum mismatch (payload at offsets " + SnapshotFormat.HEADER_BYTES
                        + ".." + trailerAt + ")";
            }
            return null;
        }
    }

    private Meta readMeta(Path path) throws IOException {
        try (DiskFile file = disk.open(path, false, null)) {
            ByteBuffer header = ByteBuffer.allocate(SnapshotFormat.HEADER_BYTES);
            file.read(header, 0);
            return new Meta(header.getLong(8), header.getLong(16));
        }
    }

    /** Makes a committed snapshot visible, then keeps only the newest two. */
    private synchronized void publish(Meta meta) throws IOException {
        valid.removeIf(m -> m.index() == meta.index());
        valid.add(meta);
        valid.sort(Comparator.comparingLong(Meta::index).reversed());
        prune();
    }

    /**
     * Keeps the newest two valid snapshots; deletes every snapshot file older than those (temp
     * files of writers still running have other names and are left alone).
     */
    private void prune() throws IOException {
        while (valid.size() > 2) {
            valid.remove(valid.size() - 1);
        }
        long oldestKept = valid.get(valid.size() - 1).index();
        boolean deleted = false;
        for (Path path : disk.list(dir)) {
            long index = SnapshotFormat.indexOf(path);
            if (index >= 0 && index < oldestKept) {
                disk.delete(path);
                deleted = true;
            }
        }
        if (deleted && durable) {
            disk.syncDirectory(dir);
        }
    }

    /** Streams the state into the temp file, computing the payload checksum as it goes. */
    private final class FileWriter implements Writer {
        private final Meta meta;
        private final Path tmp;
        private final DiskFile file;
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private long position = SnapshotFormat.HEADER_BYTES;
        private long unsyncedBytes;
        private boolean done;

        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                checkWriting();
                if (!buffer.hasRemaining()) {
                    flush();
                }
                buffer.put((byte) b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                checkWriting();
                java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
                while (length > 0) {
                    if (!buffer.hasRemaining()) {
                        flush();
                    }
                    int n = Math.min(length, buffer.remaining());
                    buffer.put(bytes, offset, n);
                    offset += n;
                    length -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                buffer.flip();
                crc.update(buffer.array(), 0, buffer.limit());
                int n = buffer.remaining();
                file.write(buffer, position);
                position += n;
                buffer.clear();
                unsyncedBytes += n;
                if (durable && unsyncedBytes >= syncEveryBytes) {
                    file.force();
                    unsyncedBytes = 0;
                }
            }
        };

        FileWriter(Meta meta, Path tmp, DiskFile file) {
            this.meta = meta;
            this.tmp = tmp;
            this.file = file;
        }

        private void checkWriting() throws IOException {
            if (done) {
                throw new IOException("snapshot " + tmp + " is committed or closed");
            }
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public void commit() {
            if (done) {
                throw new IllegalStateException("snapshot " + tmp + " is committed or closed already");
            }
            Path target = dir.resolve(SnapshotFormat.fileName(meta.index()));
            try {
                stream.flush();
                file.write(SnapshotFormat.trailer(position - SnapshotFormat.HEADER_BYTES, (int) crc.getValue()), position);
                if (durable) {
                    file.force();
                }
                file.close();
                done = true;
                disk.moveAtomic(tmp, target);
                if (durable) {
                    disk.syncDirectory(dir);
                }
                publish(meta);
            } catch (IOException e) {
                throw new StorageException("cannot commit snapshot " + target + ": " + e, e);
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                file.close();
                disk.delete(tmp);
            } catch (IOException e) {
                throw new StorageException("cannot abandon snapshot " + tmp + ": " + e, e);
            }
        }
    }

    /** Reads the payload and checks its CRC32C when the last byte has been read. */
    private static final class CheckedInput extends InputStream {
        private final Path path;
        private final DiskFile file;
        private final long end;
        private final int crcExpected;
        private final CRC32C crc = new CRC32C();
        private long position = SnapshotFormat.HEADER_BYTES;
        private boolean checked;

        CheckedInput(Path path, DiskFile file, long payloadBytes, int crcExpected) {
            this.path = path;
            this.file = file;
            this.end = SnapshotFormat.HEADER_BYTES + payloadBytes;
            this.crcExpected = crcExpected;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
            if (position >= end) {
                checkAtEnd();
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int want = (int) Math.min(length, end - position);
            int n = file.read(ByteBuffer.wrap(bytes, offset, want), position);
            if (n <= 0) {
                throw new IOException("snapshot " + path + " ends early at offset " + position);
            }
            crc.update(bytes, offset, n);
            position += n;
            if (position >= end) {
                checkAtEnd();
            }
            return n;
        }

        private void checkAtEnd() throws IOException {
            if (!checked && (int) crc.getValue() != crcExpected) {
                throw new IOException("snapshot " + path + " is corrupt: payload checksum mismatch at its end (offset "
                        + end + ")");
            }
            checked = true;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
