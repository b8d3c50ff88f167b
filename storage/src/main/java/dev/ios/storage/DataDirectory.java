package dev.ios.storage;

import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.SnapshotStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.consensus.storage.ViewStore;
import dev.ios.storage.disk.Disk;
import dev.ios.storage.disk.RealDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's data directory (Ios's {@code -disk}): the view file {@code view}, the log in
 * {@code log/} (or {@code chronicle/} for the Chronicle backend) and snapshots in
 * {@code snapshots/}, behind a lock file {@code lock} so two processes never share it.
 *
 * <p>{@link #open} recovers all three and checks that they fit together, refusing to start rather
 * than guess: a log or snapshot without a view file (the promised view would be forgotten, and a
 * lower promise could be made again), or a log discarded beyond the newest valid snapshot (entries
 * would be missing), or a log written by the other backend. A brand-new directory gets a view file
 * holding view 0.
 *
 * <p>Threads: open and close on one thread; the stores are single-threaded as documented on each.
 * Failures throw {@link StorageException} naming the file.
 */
public final class DataDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    /** The lock file's name. */
    public static final String LOCK_FILE = "lock";
    /** The segmented log's subdirectory. */
    public static final String LOG_DIR = "log";
    /** The Chronicle log's subdirectory. */
    public static final String CHRONICLE_DIR = "chronicle";
    /** The snapshots' subdirectory. */
    public static final String SNAPSHOT_DIR = "snapshots";

    private final AutoCloseable lock;
    private final FileViewStore view;
    private final LogStore log;
    private final FileSnapshotStore snapshots;

    private DataDirectory(AutoCloseable lock, FileViewStore view, LogStore log, FileSnapshotStore snapshots) {
        this.lock = lock;
        this.view = view;
        this.log = log;
        this.snapshots = snapshots;
    }

    /** Opens {@code dir} on the real file system; see {@link #open(Disk, Path, StorageOptions)}. */
    public static DataDirectory open(Path dir, StorageOptions options) {
        return open(RealDisk.INSTANCE, dir, options);
    }

    /**
     * Opens (creating if needed) the data directory {@code dir}, recovering view, snapshots and
     * log. On return everything recovery changed is durable. Throws {@link StorageException} if the
     * directory is locked by another process, corrupt, or inconsistent as described above.
     */
    public static DataDirectory open(Disk disk, Path dir, StorageOptions options) {
        AutoCloseable lock;
        try {
            disk.createDirectories(dir);
            lock = disk.lock(dir.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new StorageException("cannot lock data directory " + dir + ": " + e, e);
        }
        try {
            return recover(disk, dir, options, lock);
        } catch (RuntimeException e) {
            closeQuietly(lock, e);
            throw e;
        }
    }

    private static DataDirectory recover(Disk disk, Path dir, StorageOptions options, AutoCloseable lock) {
        Path logDir = dir.resolve(options.backend().directoryName());
        FileViewStore view = FileViewStore.open(disk, dir, options.mode());
        boolean viewMissing = !view.exists();
        FileSnapshotStore snapshots = FileSnapshotStore.open(disk, dir.resolve(SNAPSHOT_DIR), options.mode());
        boolean logPresent;
        try {
            Path otherDir = dir.resolve(options.backend() == LogBackend.SEGMENTED ? CHRONICLE_DIR : LOG_DIR);
            if (hasFiles(disk, otherDir)) {
                throw new StorageException("data directory " + dir + " holds a log in " + otherDir
                        + ", written by the other backend; configured backend is " + options.backend()
                        + ". Refusing to start with an empty log beside it");
            }
            logPresent = hasFiles(disk, logDir);
        } catch (IOException e) {
            throw new StorageException("cannot list log directory " + logDir + ": " + e, e);
        }
        if (viewMissing && (logPresent || snapshots.latest().isPresent())) {
            throw new StorageException("view file " + dir.resolve(FileViewStore.FILE_NAME) + " is missing but "
                    + (logPresent ? "the log in " + logDir + " exists" : "snapshots in " + dir.resolve(SNAPSHOT_DIR) + " exist")
                    + ": the promised view is unknown, and guessing could break a promise."
                    + " Restore the view file, or wipe the directory so the server rejoins empty");
        }
        if (viewMissing) {
            // A fresh directory: the view file comes first, so a crash before the log exists
            // can never leave "a log without a view file" behind.
            view.save(0);
        }
        LogStore log = options.backend() == LogBackend.SEGMENTED
                ? SegmentedLogStore.open(disk, logDir, options.mode(), options.segmentBytesMax())
                : ChronicleLogStore.open(logDir, options.mode());
        try {
            checkLogCovered(log, snapshots.latest(), logDir);
            reportSnapshotNewerThanLog(log, snapshots.latest(), dir);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return new DataDirectory(lock, view, log, snapshots);
    }

    /** Whether {@code logDir} holds a segment or a Chronicle queue file. */
    private static boolean hasFiles(Disk disk, Path logDir) throws IOException {
        if (!disk.exists(logDir)) {
            return false;
        }
        for (Path path : disk.list(logDir)) {
            String name = path.getFileName().toString();
            if (SegmentFormat.sequenceOf(path) >= 0 || name.endsWith(".cq4")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A snapshot beyond the log's end is legal (one installed from a peer) but worth saying: the
     * replica, not storage, decides what the log entries at or below it mean.
     */
    private static void reportSnapshotNewerThanLog(LogStore log, Optional<SnapshotStore.Meta> snapshot, Path dir) {
        if (snapshot.isPresent() && snapshot.get().index() > log.lastIndex()) {
            LOG.warn("dir={} snapshotIndex={} logLastIndex={}: the newest snapshot is newer than the log",
                    dir, snapshot.get().index(), log.lastIndex());
        }
    }

    /** Entries below the log's discard point must be in a snapshot, or they are lost. */
    private static void checkLogCovered(LogStore log, Optional<SnapshotStore.Meta> snapshot, Path logDir) {
        long covered = snapshot.map(SnapshotStore.Meta::index).orElse(0L);
        if (log.discardedBefore() > covered + 1) {
            throw new StorageException("log in " + logDir + " discarded entries before index " + log.discardedBefore()
                    + " but the newest valid snapshot covers only up to " + covered
                    + ": entries " + (covered + 1) + ".." + (log.discardedBefore() - 1) + " are missing");
        }
    }

    /** The view file. */
    public ViewStore view() {
        return view;
    }

    /** The log. */
    public LogStore log() {
        return log;
    }

    /** The snapshots. */
    public SnapshotStore snapshots() {
        return snapshots;
    }

    /** Closes the log (without syncing) and releases the lock. */
    @Override
    public void close() {
        try {
            log.close();
        } finally {
            closeQuietly(lock, null);
        }
    }

    private static void closeQuietly(AutoCloseable closeable, RuntimeException primary) {
        try {
            closeable.close();
        } catch (Exception e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                throw new StorageException("cannot release data directory lock: " + e, e);
            }
        }
    }
}
