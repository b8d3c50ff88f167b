package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.RealDisk;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LogStore} on Chronicle Queue (not the default: Chronicle has no checksums and no
 * truncation, and a corrupt length field can crash the JVM — see storage/README.md).
 *
 * <p>Every excerpt holds one record in the segmented log's record format (length, CRC32C, kind,
 * index, view, payload), so our own checksum covers every record; truncation and discarding are
 * logical marker records resolved on replay, exactly as in {@link SegmentedLogStore}. Writes go
 * through Chronicle's memory-mapped files; {@link #sync} calls {@code ExcerptAppender.sync()} with
 * {@link SyncMode#SYNC} (an {@code msync(MS_SYNC)} of the pages written since the last one), then
 * {@code fsync}s the cycle file itself, because Chronicle only logs a failed msync, and forces the
 * queue directory when a new cycle file appeared.
 *
 * <p>At {@link #open}, before any Chronicle class is used: Chronicle's analytics and announcer are
 * switched off; the JVM flags Chronicle needs are checked (without them it silently falls back to
 * read-only); in a durable mode the native {@code msync} must have loaded (without it Chronicle's
 * sync silently does nothing). A write lock left by a crashed process is released at once (this
 * process holds the directory's own lock file, so no live process can hold it) instead of
 * stalling for Chronicle's timeout. Any excerpt whose checksum fails refuses the start, naming
 * the queue file and Chronicle index (Chronicle cannot truncate, so even a torn last record is
 * not cut; Chronicle's own header protocol handles a write torn by a kill).
 *
 * <p>Cycle files (one per day) are deleted oldest first, after a sync, once every append in them
 * is below the discard point; each carries a discard-before marker, as segments do.
 *
 * <p>Memory: as in {@link SegmentedLogStore}, no payloads are kept. Per held index the store keeps
 * the excerpt's Chronicle index (8 bytes, in a {@link LogState}); {@link #get} and {@link #records}
 * read the excerpts back through a tailer (appended excerpts are in the mapped cycle file at once,
 * synced or not) and check each one's CRC, length, kind and index. A cycle file holding a held
 * record is never deleted.
 *
 * <p>Modes: {@code fsync} and {@code none} only; {@code dsync}, {@code osync} and {@code direct}
 * have no meaning for memory-mapped files and are refused.
 *
 * <p>Threads: one thread calls every method. Durability: as {@link LogStore}. Failures throw
 * {@link StorageException}; after one, every later call throws.
 */
public final class ChronicleLogStore implements LogStore {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleLogStore.class);
    private static final String LOCK_FILE = "ios.lock";

    private final Path dir;
    private final boolean durable;
    private final AutoCloseable directoryLock;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final LogState state;
    // Every cycle file holding one of our records, oldest first, with the highest index appended
    // in it: a cycle file goes once all of them are discarded, as segments do.
    private final TreeMap<Integer, CycleFile> cycles;
    // The cycle of the last excerpt written or replayed.
    private int cycleWritten;
    // The cycle file last forced, and a channel on it for fsync.
    private File cycleFile;
    private FileChannel cycleChannel;
    private RuntimeException failure;
    private boolean closed;

    private ChronicleLogStore(Path dir, boolean durable, AutoCloseable directoryLock, SingleChronicleQueue queue,
                              LogState state, TreeMap<Integer, CycleFile> cycles) {
        this.dir = dir;
        this.durable = durable;
        this.directoryLock = directoryLock;
        this.queue = queue;
        this.appender = queue.createAppender();
        this.state = state;
        this.cycles = cycles;
        this.cycleWritten = cycles.isEmpty() ? Integer.MIN_VALUE : cycles.lastKey();
    }

    /**
     * Opens (creating if needed) the queue in {@code dir} and replays it. Throws
     * {@link StorageException} if the JVM flags are missing, if native sync did not load in mode
     * {@code fsync}, for modes other than {@code fsync} and {@code none}, for a bad excerpt, and
     * if another process has the directory open.
     */
    public static ChronicleLogStore open(Path dir, PersistenceMode mode) {
        return open(dir, mode, null);
    }

    /** {@link #open(Path, PersistenceMode)} on a given clock (tests roll cycle files with it), or null for the system's. */
    static ChronicleLogStore open(Path dir, PersistenceMode mode, TimeProvider clock) {
        ChronicleSettings.apply();
        if (mode != PersistenceMode.FSYNC && mode != PersistenceMode.NONE) {
            throw new StorageException("persistence mode " + mode.configName() + " is not available for the chronicle log in "
                    + dir + ": memory-mapped files support fsync (msync) and none only");
        }
        ChronicleSettings.checkJvmFlags(dir);
        if (mode == PersistenceMode.FSYNC) {
            ChronicleSettings.checkNativeSync(dir);
        } else {
            LOG.warn("persistence=none dir={}: the chronicle log is never synced; a crash or power loss can lose acknowledged writes", dir);
        }
        AutoCloseable lock;
        try {
            RealDisk.INSTANCE.createDirectories(dir);
            lock = RealDisk.INSTANCE.lock(dir.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new StorageException("cannot lock chronicle log directory " + dir + ": " + e, e);
        }
        SingleChronicleQueue queue = null;
        try {
            SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir.toFile())
                    .rollCycle(RollCycles.FAST_DAILY)
                    .syncMode(mode == PersistenceMode.FSYNC ? SyncMode.SYNC : SyncMode.NONE)
                    .timeoutMS(5_000);
            if (clock != null) {
                builder.timeProvider(clock);
            }
            queue = builder.build();
            if (queue.isClosed() || !isWritable(queue)) {
                throw new StorageException("Chronicle opened the log in " + dir + " read-only; check the JVM flags "
                        + ChronicleSettings.JVM_FLAGS + " and the directory's permissions");
            }
            releaseStaleWriteLock(queue, dir);
            LogState state = new LogState();
            TreeMap<Integer, CycleFile> cycles = replay(queue, dir, state);
            ChronicleLogStore store = new ChronicleLogStore(dir, mode == PersistenceMode.FSYNC, lock, queue, state, cycles);
            if (store.durable) {
                RealDisk.INSTANCE.syncDirectory(dir);
            }
            return store;
        } catch (IOException | RuntimeException e) {
            if (queue != null) {
                queue.close();
            }
            try {
                lock.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot open chronicle log in " + dir + ": " + e, e);
        }
    }

    private static boolean isWritable(SingleChronicleQueue queue) {
        // SingleChronicleQueue.isReadOnly() is package-private; reflection is the only way to ask
        // whether Chronicle quietly forced the queue read-only.
        try {
            var method = SingleChronicleQueue.class.getDeclaredMethod("isReadOnly");
            method.setAccessible(true);
            return !(Boolean) method.invoke(queue);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new StorageException("cannot tell whether Chronicle opened " + queue.fileAbsolutePath()
                    + " read-only (" + e + "); refusing to start", e);
        }
    }

    /**
     * A process killed while appending leaves Chronicle's write lock held by a dead PID, and the
     * next appender stalls for the lock timeout. This process holds the directory lock, so no
     * other live process can be writing: any lock held now is stale.
     */
    private static void releaseStaleWriteLock(SingleChronicleQueue queue, Path dir) {
        try (TableStoreWriteLock lock = new TableStoreWriteLock(queue.metaStore(), Pauser::balanced, 0L)) {
            if (lock.locked()) {
                LOG.warn("dir={}: Chronicle write lock left by a crashed process; releasing it", dir);
                lock.forceUnlock();
            }
        }
    }

    private static TreeMap<Integer, CycleFile> replay(SingleChronicleQueue queue, Path dir, LogState state) {
        TreeMap<Integer, CycleFile> cycles = new TreeMap<>();
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.toStart();
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    byte[] excerpt = new byte[(int) bytes.readRemaining()];
                    bytes.read(excerpt);
                    long appended = applyExcerpt(state, excerpt, dir, tailer, dc.index());
                    CycleFile cycle = cycles.computeIfAbsent(tailer.cycle(), c -> new CycleFile(tailer.currentFile()));
                    cycle.appendIndexMax = Math.max(cycle.appendIndexMax, appended);
                }
            }
        }
        return cycles;
    }

    /** Applies one excerpt; returns the index it appended, or 0 for a marker. */
    private static long applyExcerpt(LogState state, byte[] excerpt, Path dir, ExcerptTailer tailer, long chronicleIndex) {
        ByteBuffer in = ByteBuffer.wrap(excerpt);
        String bad = null;
        if (excerpt.length < SegmentFormat.FRAME_BYTES + SegmentFormat.BODY_FIXED_BYTES) {
            bad = "excerpt of " + excerpt.length + " bytes is too short";
        } else if (in.getInt(0) != excerpt.length - SegmentFormat.FRAME_BYTES) {
            bad = "record length " + in.getInt(0) + " does not match the excerpt's " + excerpt.length + " bytes";
        } else if (in.getInt(4) != Crc32c.of(excerpt, SegmentFormat.FRAME_BYTES, excerpt.length - SegmentFormat.FRAME_BYTES)) {
            bad = "checksum mismatch";
        }
        byte kind = bad == null ? in.get(8) : 0;
        long index = bad == null ? in.getLong(9) : 0;
        long view = bad == null ? in.getLong(17) : 0;
        if (bad == null && index < 1) {
            bad = "index " + index + " below 1 in a record whose checksum matches";
        }
        if (bad == null && kind == SegmentFormat.KIND_APPEND) {
            if (view < 0) {
                bad = "negative view " + view + " in a record whose checksum matches";
            } else if (index >= state.discardedBefore()) {
                // Where the record is, not its bytes: the store reads it back if asked (see LogState).
                state.append(index, chronicleIndex);
            }
        } else if (bad == null && kind == SegmentFormat.KIND_TRUNCATE_FROM) {
            state.truncateFrom(index);
        } else if (bad == null && kind == SegmentFormat.KIND_DISCARD_BEFORE) {
            state.discardBefore(index);
        } else if (bad == null) {
            bad = "unknown record kind " + kind + " in a record whose checksum matches";
        }
        if (bad != null) {
            throw new StorageException("chronicle log " + tailer.currentFile() + " in " + dir + " is corrupt at excerpt index 0x"
                    + Long.toHexString(chronicleIndex) + ": " + bad);
        }
        return kind == SegmentFormat.KIND_APPEND ? index : 0;
    }

    @Override
    public void append(LogRecord record) {
        checkUsable();
        if (record.index() < state.discardedBefore()) {
            throw new IllegalArgumentException("append at index " + record.index()
                    + " below discardedBefore " + state.discardedBefore());
        }
        long chronicleIndex = write(SegmentFormat.KIND_APPEND, record.index(), record.view(), record.payload());
        state.append(record.index(), chronicleIndex);
        CycleFile cycle = cycles.get(cycleWritten);
        cycle.appendIndexMax = Math.max(cycle.appendIndexMax, record.index());
    }

    @Override
    public void truncateFrom(long fromIndex) {
        checkUsable();
        if (fromIndex < 1) {
            throw new IllegalArgumentException("truncateFrom(" + fromIndex + "): index must be >= 1");
        }
        if (!state.holdsAnyFrom(fromIndex)) {
            return;
        }
        write(SegmentFormat.KIND_TRUNCATE_FROM, fromIndex, 0, new byte[0]);
        state.truncateFrom(fromIndex);
    }

    @Override
    public void discardBefore(long beforeIndex) {
        checkUsable();
        if (beforeIndex <= state.discardedBefore()) {
            return;
        }
        write(SegmentFormat.KIND_DISCARD_BEFORE, beforeIndex, 0, new byte[0]);
        state.discardBefore(beforeIndex);
    }

    /** Appends one record (and a discard marker if a new cycle file began); returns the record's Chronicle index. */
    private long write(byte kind, long index, long view, byte[] payload) {
        long chronicleIndex = writeExcerpt(kind, index, view, payload);
        int cycle = appender.cycle();
        if (cycle != cycleWritten) {
            cycles.putIfAbsent(cycle, new CycleFile(appender.currentFile()));
            cycleWritten = cycle;
            if (state.discardedBefore() > 1) {
                // Every cycle file carries the discard point, so older ones can be deleted without
                // losing it. After the record is fine: appends are never below the discard point.
                writeExcerpt(SegmentFormat.KIND_DISCARD_BEFORE, state.discardedBefore(), 0, new byte[0]);
            }
        }
        return chronicleIndex;
    }

    /** Appends one excerpt; returns its Chronicle index. */
    private long writeExcerpt(byte kind, long index, long view, byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(SegmentFormat.recordBytes(payload.length));
        SegmentFormat.encode(record, kind, index, view, payload);
        try {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(record.array());
            }
            return appender.lastIndexAppended();
        } catch (RuntimeException e) {
            failure = e;
            throw new StorageException("cannot append to chronicle log in " + dir + ": " + e, e);
        }
    }

    @Override
    public void sync() {
        checkUsable();
        try {
            if (durable) {
                appender.sync();
                forceCycleFile();
            }
            // Only now is the discard point durable, so only now may the files below it go.
            deleteDiscardedCycles();
        } catch (IOException | RuntimeException e) {
            failure = e instanceof RuntimeException re ? re : new StorageException(e.toString(), e);
            throw new StorageException("cannot sync chronicle log in " + dir + ": " + e, e);
        }
    }

    /**
     * Chronicle only logs a failed {@code msync}; it never throws, so on its own a failed sync
     * would be acknowledged. An {@code fsync} of the same file (which covers pages dirtied through
     * the mapping, and finds them clean after a good msync) does throw, so a failure halts.
     */
    private void forceCycleFile() throws IOException {
        File current = appender.currentFile();
        if (current == null) {
            return;
        }
        if (!current.equals(cycleFile)) {
            if (cycleChannel != null) {
                // The previous cycle's last pages were written before the roll.
                cycleChannel.force(false);
                cycleChannel.close();
            }
            cycleChannel = FileChannel.open(current.toPath(), StandardOpenOption.READ);
            cycleFile = current;
            // Chronicle does not force the directory when it creates a cycle file.
            RealDisk.INSTANCE.syncDirectory(dir);
        }
        cycleChannel.force(false);
    }

    /**
     * Deletes cycle files oldest first while every append in the oldest is discarded, never the
     * one being written. A truncate marker in a deleted file could only affect older files, which
     * are gone already; the discard point lives on in the newer files' markers.
     */
    private void deleteDiscardedCycles() throws IOException {
        while (cycles.size() > 1 && cycles.firstKey() != cycleWritten
                && cycles.firstEntry().getValue().appendIndexMax < state.discardedBefore()) {
            CycleFile oldest = cycles.pollFirstEntry().getValue();
            oldest.closeReader();
            Files.deleteIfExists(oldest.file.toPath());
            if (durable) {
                RealDisk.INSTANCE.syncDirectory(dir);
            }
        }
    }

    /** Slots of the in-memory ring now (tests check it stays bounded while the log moves on). */
    int ringCapacity() {
        return state.ringCapacity();
    }

    /** How many cycle files hold our records now (for tests and metrics). */
    public int cycleFileCount() {
        return cycles.size();
    }

    /** One Chronicle cycle file, the highest index appended in it, and a tailer reading it back. */
    private static final class CycleFile {
        final File file;
        long appendIndexMax;
        // Reads this file's excerpts back for get() and records(); created on first use, closed
        // with the file. One per cycle file: a tailer that moves to another cycle loads that
        // cycle's store and index anew, which is slow in Chronicle and, repeated, slower still.
        private ExcerptTailer reader;

        CycleFile(File file) {
            this.file = file;
        }

        ExcerptTailer reader(SingleChronicleQueue queue) {
            if (reader == null) {
                reader = queue.createTailer();
            }
            // One thread at a time calls the store (LogStore), not always the same one: the runtime
            // reads records() at start-up on another thread than its storage thread.
            reader.singleThreadedCheckReset();
            return reader;
        }

        void closeReader() {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    @Override
    public long discardedBefore() {
        checkOpen();
        return state.discardedBefore();
    }

    @Override
    public long lastIndex() {
        checkOpen();
        return state.lastIndex();
    }

    /**
     * Reads the excerpt back (see the class comment). Throws {@link StorageException}, and the store
     * becomes unusable, if it is missing or is not the record written there.
     */
    @Override
    public LogRecord get(long index) {
        checkUsable();
        long chronicleIndex = state.location(index);
        if (chronicleIndex == LogState.ABSENT) {
            return null;
        }
        return readBack(index, chronicleIndex);
    }

    /** Reads every held record back, in index order; failures as {@link #get}. */
    @Override
    public List<LogRecord> records() {
        checkUsable();
        List<LogRecord> out = new ArrayList<>(state.size());
        state.forEach((index, chronicleIndex) -> out.add(readBack(index, chronicleIndex)));
        return out;
    }

    private LogRecord readBack(long index, long chronicleIndex) {
        byte[] excerpt;
        try {
            excerpt = readExcerpt(chronicleIndex);
        } catch (RuntimeException e) {
            failure = e;
            throw new StorageException("cannot read back index " + index + " of the chronicle log in " + dir + ": " + e, e);
        }
        String bad;
        if (excerpt == null) {
            bad = "no such excerpt";
        } else {
            ByteBuffer in = ByteBuffer.wrap(excerpt);
            bad = SegmentFormat.whyNotAppend(in, 0, excerpt.length, index);
            if (bad == null && in.getInt(0) != excerpt.length - SegmentFormat.FRAME_BYTES) {
                bad = "record length " + in.getInt(0) + " does not match the excerpt's " + excerpt.length + " bytes";
            }
            if (bad == null) {
                return SegmentFormat.decodeAppend(in, 0);
            }
        }
        StorageException e = new StorageException("chronicle log in " + dir + " is corrupt at excerpt index 0x"
                + Long.toHexString(chronicleIndex) + ": " + bad + " (reading back index " + index + ")");
        failure = e;
        throw e;
    }

    /** The bytes of the excerpt at {@code chronicleIndex}, or null if there is none. */
    private byte[] readExcerpt(long chronicleIndex) {
        CycleFile cycle = cycles.get(queue.rollCycle().toCycle(chronicleIndex));
        if (cycle == null) {
            return null;
        }
        ExcerptTailer tailer = cycle.reader(queue);
        if (!tailer.moveToIndex(chronicleIndex)) {
            return null;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent() || dc.index() != chronicleIndex) {
                return null;
            }
            Bytes<?> bytes = dc.wire().bytes();
            byte[] excerpt = new byte[(int) bytes.readRemaining()];
            bytes.read(excerpt);
            return excerpt;
        }
    }

    /** Closes the queue (without syncing) and releases the directory lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cycles.values().forEach(CycleFile::closeReader);
            appender.close();
            queue.close();
            if (cycleChannel != null) {
                cycleChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("dir={}: closing the cycle file failed: {}", dir, e.toString());
        } finally {
            try {
                directoryLock.close();
            } catch (Exception e) {
                LOG.warn("dir={}: releasing the lock failed: {}", dir, e.toString());
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("chronicle log in " + dir + " is closed");
        }
    }

    private void checkUsable() {
        checkOpen();
        if (failure != null) {
            throw new StorageException("chronicle log in " + dir + " failed earlier (" + failure + "); halt and restart");
        }
    }
}
