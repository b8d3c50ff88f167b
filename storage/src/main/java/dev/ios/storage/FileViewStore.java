package dev.ios.storage;

import dev.ios.consensus.storage.StorageException;
import dev.ios.consensus.storage.ViewStore;
import dev.ios.storage.disk.Disk;
import dev.ios.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The view in one small checksummed file, replaced atomically: write {@code view.tmp}, force it,
 * rename it over {@code view}, force the directory. A crash at any step leaves the old or the new
 * view, never a torn one; a stray {@code view.tmp} from such a crash is deleted at open.
 *
 * <p>Format (20 bytes, big-endian): magic {@code "IOSV"}, format version (int, 1), view (long),
 * CRC32C of the preceding 16 bytes (int).
 *
 * <p>Threads: one thread. Durability: {@link #save} returns when the view is durable (unless the
 * persistence mode is {@code none}). Failures and corruption throw {@link StorageException} naming
 * the file (and offset).
 */
public final class FileViewStore implements ViewStore {

    /** The view file's name in the data directory. */
    public static final String FILE_NAME = "view";

    static final int MAGIC = 0x494F5356; // "IOSV"
    static final int VERSION = 1;
    static final int SIZE_BYTES = 20;

    private final Disk disk;
    private final Path dir;
    private final Path file;
    private final Path tmp;
    private final boolean durable;
    // Invariant: viewSaved is the view in the file (0 if there is no file).
    private long viewSaved;

    private FileViewStore(Disk disk, Path dir, boolean durable) {
        this.disk = disk;
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.tmp = dir.resolve(FILE_NAME + ".tmp");
        this.durable = durable;
    }

    /**
     * Opens the view file in {@code dir} (which must exist), reading and checking it at once;
     * deletes a leftover temp file. Throws {@link StorageException} if the file is corrupt.
     */
    public static FileViewStore open(Disk disk, Path dir, PersistenceMode mode) {
        FileViewStore store = new FileViewStore(disk, dir, mode.isDurable());
        store.viewSaved = store.read();
        return store;
    }

    /** Whether a view file exists (a data directory with a log but no view file is refused at start-up). */
    public boolean exists() {
        try {
            return disk.exists(file);
        } catch (IOException e) {
            throw new StorageException("cannot check view file " + file + ": " + e, e);
        }
    }

    @Override
    public long load() {
        return viewSaved;
    }

    @Override
    public void save(long view) {
        if (view < viewSaved) {
            throw new IllegalArgumentException("views only grow: saving " + view + " after " + viewSaved);
        }
        if (view == viewSaved && exists()) {
            return;
        }
        ByteBuffer bytes = encode(view);
        try {
            try (DiskFile out = disk.open(tmp, true, null)) {
                out.truncate(0);
                out.write(bytes, 0);
                if (durable) {
                    out.force();
                }
            }
            disk.moveAtomic(tmp, file);
            if (durable) {
                disk.syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new StorageException("cannot save view " + view + " to " + file + ": " + e, e);
        }
        viewSaved = view;
    }

    static ByteBuffer encode(long view) {
        ByteBuffer bytes = ByteBuffer.allocate(SIZE_BYTES);
        bytes.putInt(MAGIC).putInt(VERSION).putLong(view);
        bytes.putInt(Crc32c.of(bytes.array(), 0, 16));
        return bytes.flip();
    }

    private long read() {
        try {
            // A temp file is a save that crashed before its rename: the old view still stands.
            disk.delete(tmp);
            if (!disk.exists(file)) {
                return 0;
            }
            try (DiskFile in = disk.open(file, false, null)) {
                long size = in.size();
                if (size != SIZE_BYTES) {
                    throw corrupt(0, "size is " + size + " bytes, expected " + SIZE_BYTES);
                }
                ByteBuffer bytes = ByteBuffer.allocate(SIZE_BYTES);
                in.read(bytes, 0);
                bytes.flip();
                int magic = bytes.getInt(0);
                if (magic != MAGIC) {
                    throw corrupt(0, "bad magic " + Integer.toHexString(magic));
                }
                int crc = bytes.getInt(16);
                if (crc != Crc32c.of(bytes.array(), 0, 16)) {
                    throw corrupt(16, "checksum mismatch");
                }
                int version = bytes.getInt(4);
                if (version != VERSION) {
                    throw corrupt(4, "unknown format version " + version);
                }
                long view = bytes.getLong(8);
                if (view < 0) {
                    throw corrupt(8, "negative view " + view);
                }
                return view;
            }
        } catch (IOException e) {
            throw new StorageException("cannot read view file " + file + ": " + e, e);
        }
    }

    private StorageException corrupt(long offset, String what) {
        return new StorageException("view file " + file + " is corrupt at offset " + offset + ": " + what);
    }
}
