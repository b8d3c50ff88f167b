package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.consensus.storage.StorageException;
import dev.ios.storage.disk.Disk;
import dev.ios.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link LogStore}: an append-only sequence of segment files in one directory (format
 * in {@link SegmentFormat} and storage/README.md). Every operation is a record appended to the
 * newest segment: an append, a "truncate from" marker or a "discard before" marker; replay at open
 * rebuilds the map.
 *
 * <p>Memory: the store keeps no payloads. Per held index it keeps 8 bytes, where the latest record
 * is (segment and offset, {@link Segment#locationOf}, in a {@link LogState}); {@link #get} and
 * {@link #records} read the records back — from the segment files through the page cache, or from
 * the write buffer for records not yet handed to the operating system — and check each one's CRC,
 * length, kind and index as replay does. Why: the replica holds every entry decoded already, and
 * the server reads the log back only once, at recovery; keeping each record here too held the log
 * in memory twice (storage/README.md, "Memory"). Reading the unwritten ones from the buffer, rather
 * than writing the buffer out first, keeps reads free of side effects: a read never changes what
 * reaches the disk, or when, so it cannot change what a crash leaves. The segment holding a held
 * record is never deleted (a segment goes only once every append in it is below the discard point).
 *
 * <p>Group commit: operations are encoded into a write buffer at once; {@link #sync} writes the
 * buffer and forces the file once for all of them (in mode {@code direct} through {@link DirectTail},
 * which keeps O_DIRECT writes aligned). When a segment reaches {@code segmentBytesMax}
 * it is forced and a new one starts, so a crash can only tear the newest segment. A new segment
 * begins with a "discard before" marker carrying the current discard point, so older segments can
 * be deleted without losing it. Segments are deleted oldest first, after a sync, once every append
 * in them is below the discard point.
 *
 * <p>Recovery at {@link #open}: a torn last record in the newest segment is cut off (logged at
 * WARN); a bad record anywhere else, a missing segment in the sequence or an unreadable header
 * throws {@link StorageException} naming the file and offset. Files whose names are not segment
 * names are ignored with a WARN.
 *
 * <p>Threads: one thread calls every method. Durability: as {@link LogStore}; with persistence
 * mode {@code none} nothing is ever forced. Failures: after any I/O error every later call throws
 * {@link StorageException}.
 */
public final class SegmentedLogStore implements LogStore {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLogStore.class);

    /** The default size at which a segment is closed and a new one started. */
    public static final long SEGMENT_BYTES_MAX_DEFAULT = 64L << 20;
    /**
     * The largest {@code segmentBytesMax} accepted: replay reads a segment into one array (under
     * 2 GiB even with one maximal record past the limit), and a location holds a 32-bit offset.
     */
    static final long SEGMENT_BYTES_LIMIT = 1L << 30;
    // A read back from a segment file fetches at least this much: for records(), so that a log
    // written in index order takes one read per window, not one per record; for get(), enough
    // for most records in one read.
    private static final int RECORDS_WINDOW_BYTES = 64 << 10;
    private static final int GET_WINDOW_BYTES = 4 << 10;
    /** The default size of the buffer operations are encoded into before a write. */
    static final int WRITE_BUFFER_BYTES_DEFAULT = 1 << 20;
    /**
     * Zeros are written this far ahead of the records (in mode direct, whole blocks). A sync of a write
     * that grows the file also commits the file system's journal (the size changed); a write into
     * bytes that already exist does not, and three servers on one disk queue on that journal: on
     * the development VM, 4 KiB appends with three writers synced at p50 235 µs growing the file
     * and 140 µs into zeros. So the file grows once per chunk instead of once per sync.
     */
    static final int ZERO_CHUNK_BYTES = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    private final Disk disk;
    private final Path dir;
    private final PersistenceMode mode;
    private final long segmentBytesMax;
    private final int writeBufferBytes;
    // Only in mode direct: keeps writes aligned.
    private final DirectTail directTail;
    private final LogState state;
    // Oldest first; the last one is the active segment. Invariant: sequences are consecutive.
    private final Deque<Segment> segments;
    private Segment active;
    private DiskFile activeFile;
    // Invariant: activeBytesWritten + writeBuffer.position() is the active segment's logical size.
    private long activeBytesWritten;
    // The active file's length: records up to activeBytesWritten, zeros after (never less).
    private long activeFileBytes;
    // The size of the active segment when it was created (header and head marker): rolling an
    // otherwise empty segment would not help.
    private long activeBytesBase;
    // The buffer operations are encoded into: usually groupBuffer, a one-off heap buffer for a
    // record larger than it.
    private ByteBuffer writeBuffer;
    // writeBufferBytes, allocated once. Direct (outside mode direct), so FileChannel.write hands
    // it to the kernel as it is; from a heap buffer the JDK would first copy every group into a
    // temporary direct one. In mode direct, DirectTail copies into its aligned buffer anyway.
    private final ByteBuffer groupBuffer;
    // A segment was created since the last directory sync: its name is not yet durable.
    private boolean dirtyDirectory;
    private IOException failure;
    private boolean closed;

    private SegmentedLogStore(Disk disk, Path dir, PersistenceMode mode, long segmentBytesMax,
                              int writeBufferBytes, DirectTail directTail, LogState state, Deque<Segment> segments) {
        this.disk = disk;
        this.dir = dir;
        this.mode = mode;
        this.segmentBytesMax = segmentBytesMax;
        this.writeBufferBytes = writeBufferBytes;
        this.directTail = directTail;
        this.groupBuffer = directTail == null ? ByteBuffer.allocateDirect(writeBufferBytes) : ByteBuffer.allocate(writeBufferBytes);
        this.writeBuffer = groupBuffer;
        this.state = state;
        this.segments = segments;
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, replaying every segment. On return the
     * store is ready and whatever recovery cut or created is durable. Throws {@link StorageException}
     * for I/O errors and corruption, and in mode {@code direct} if the file system has no O_DIRECT.
     */
    public static SegmentedLogStore open(Disk disk, Path dir, PersistenceMode mode, long segmentBytesMax) {
        return open(disk, dir, mode, segmentBytesMax, WRITE_BUFFER_BYTES_DEFAULT);
    }

    /** {@link #open(Disk, Path, PersistenceMode, long)} with a given write buffer size (tests use tiny ones). */
    static SegmentedLogStore open(Disk disk, Path dir, PersistenceMode mode, long segmentBytesMax, int writeBufferBytes) {
        if (segmentBytesMax < SegmentFormat.HEADER_BYTES + 2L * SegmentFormat.recordBytes(0)) {
            throw new IllegalArgumentException("segmentBytesMax " + segmentBytesMax + " is too small");
        }
        if (segmentBytesMax > SEGMENT_BYTES_LIMIT) {
            throw new IllegalArgumentException("segmentBytesMax " + segmentBytesMax + " is above " + SEGMENT_BYTES_LIMIT);
        }
        if (mode == PersistenceMode.NONE) {
            LOG.warn("persistence=none dir={}: the log is never synced; a crash or power loss can lose acknowledged writes", dir);
        }
        try {
            disk.createDirectories(dir);
            List<Segment> found = listSegments(disk, dir);
            LogState state = new LogState();
            Deque<Segment> segments = new ArrayDeque<>();
            SegmentReplay.Result lastResult = null;
            for (int i = 0; i < found.size(); i++) {
                Segment segment = found.get(i);
                boolean last = i == found.size() - 1;
                SegmentReplay.Result result = SegmentReplay.replay(disk, segment, last, state);
                segments.addLast(segment);
                if (last) {
                    lastResult = result;
                }
            }
            DirectTail directTail = mode == PersistenceMode.DIRECT ? new DirectTail(disk.directAlignmentBytes(dir)) : null;
            SegmentedLogStore store = new SegmentedLogStore(disk, dir, mode, segmentBytesMax, writeBufferBytes, directTail,
                    state, segments);
            try {
                store.openActive(lastResult);
            } catch (IOException e) {
                if (mode == PersistenceMode.DIRECT) {
                    throw new StorageException("persistence mode direct failed in " + dir + ": " + e
                            + " (a file system without O_DIRECT fails here); use fsync instead", e);
                }
                throw e;
            }
            return store;
        } catch (IOException e) {
            throw new StorageException("cannot open log in " + dir + ": " + e, e);
        }
    }

    private static List<Segment> listSegments(Disk disk, Path dir) throws IOException {
        List<Segment> found = new ArrayList<>();
        for (Path path : disk.list(dir)) {
            long sequence = SegmentFormat.sequenceOf(path);
            if (sequence < 0) {
                // Not ours (an editor's backup, a copied file): never guess, never delete.
                LOG.warn("dir={} file={}: not a log segment name; ignored", dir, path.getFileName());
                continue;
            }
            found.add(new Segment(sequence, path));
        }
        for (int i = 1; i < found.size(); i++) {
            long expected = found.get(i - 1).sequence + 1;
            if (found.get(i).sequence != expected) {
                // Segments are deleted oldest first, so a hole means a file was lost.
                throw new StorageException("log segment " + dir.resolve(SegmentFormat.fileName(expected))
                        + " is missing (found " + found.get(i - 1).path.getFileName() + " and "
                        + found.get(i).path.getFileName() + ")");
            }
        }
        return found;
    }

    /** Cuts a torn tail or drops a torn segment, then opens (or creates) the segment to append to. */
    private void openActive(SegmentReplay.Result lastResult) throws IOException {
        long sequenceNext = 1;
        if (lastResult != null && lastResult.cutReason() != null) {
            Segment last = segments.peekLast();
            if (lastResult.validBytes() == 0) {
                LOG.warn("file={} offset=0 bytes={}: {}; deleting the segment", last.path,
                        lastResult.fileBytes(), lastResult.cutReason());
                segments.removeLast();
                disk.delete(last.path);
                dirtyDirectory = true;
                syncDirectoryIfDurable();
                sequenceNext = last.sequence;
            } else {
                LOG.warn("file={} offset={} bytesCut={}: torn last record ({}); cutting it off", last.path,
                        lastResult.validBytes(), lastResult.fileBytes() - lastResult.validBytes(),
                        lastResult.cutReason());
                try (DiskFile file = disk.open(last.path, false, null)) {
                    file.truncate(lastResult.validBytes());
                    if (mode.isDurable()) {
                        file.force();
                    }
                }
            }
        }
        if (segments.isEmpty()) {
            startSegment(sequenceNext);
            forceActiveIfDurable();
            syncDirectoryIfDurable();
            return;
        }
        active = segments.peekLast();
        activeFile = disk.open(active.path, false, mode.writeMode());
        activeFileBytes = activeFile.size();
        // A clean end of the replayed segment may be followed by zeros written ahead. If replay cut
        // a torn tail the file now ends at the cut; if it deleted a torn newest segment, the one
        // before is active again, and it ended with its last record when it was rolled.
        activeBytesWritten = lastResult.cutReason() == null ? lastResult.validBytes() : activeFileBytes;
        activeBytesBase = SegmentFormat.HEADER_BYTES;
        if (state.discardedBefore() > 1 && segments.size() > 1) {
            // Older segments go once the discard point is durable in the active one. A crash can
            // keep a new segment's creation but not the marker it began with, so say it again
            // (the next sync makes it durable before any deletion).
            SegmentFormat.encode(writeBuffer, SegmentFormat.KIND_DISCARD_BEFORE, state.discardedBefore(), 0, new byte[0]);
        }
        if (directTail != null) {
            // O_DIRECT reads need alignment too: read the partial last block through a plain handle.
            try (DiskFile reader = disk.open(active.path, false, null)) {
                directTail.reset(reader, activeBytesWritten);
            }
        }
    }

    @Override
    public void append(LogRecord record) {
        checkUsable();
        if (record.index() < state.discardedBefore()) {
            throw new IllegalArgumentException("append at index " + record.index()
                    + " below discardedBefore " + state.discardedBefore());
        }
        if (record.payload().length > SegmentFormat.BODY_BYTES_MAX - SegmentFormat.BODY_FIXED_BYTES) {
            throw new IllegalArgumentException("payload of " + record.payload().length + " bytes is too large");
        }
        long location = write(SegmentFormat.KIND_APPEND, record.index(), record.view(), record.payload());
        state.append(record.index(), location);
        active.appendIndexMax = Math.max(active.appendIndexMax, record.index());
    }

    @Override
    public void truncateFrom(long fromIndex) {
        checkUsable();
        if (fromIndex < 1) {
            throw new IllegalArgumentException("truncateFrom(" + fromIndex + "): index must be >= 1");
        }
        // With nothing held at or above fromIndex, every such record on disk is dead already.
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

    @Override
    public void sync() {
        checkUsable();
        try {
            flushWriteBuffer();
            forceActiveIfDurable();
            syncDirectoryIfDurable();
            // Only now is the discard point durable, so only now may the files below it go.
            deleteDiscardedSegments();
        } catch (IOException e) {
            throw fail("cannot sync log segment " + active.path, e);
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
     * Reads the record back (see the class comment). Throws {@link StorageException}, and the store
     * becomes unusable, if the read fails or finds a record other than the one written there.
     */
    @Override
    public LogRecord get(long index) {
        checkUsable();
        long location = state.location(index);
        if (location == LogState.ABSENT) {
            return null;
        }
        try (Reader reader = new Reader(GET_WINDOW_BYTES)) {
            return reader.read(index, location);
        } catch (IOException e) {
            throw fail("cannot read back index " + index + " of the log in " + dir, e);
        }
    }

    /** Reads every held record back, in index order; failures as {@link #get}. */
    @Override
    public List<LogRecord> records() {
        checkUsable();
        List<LogRecord> out = new ArrayList<>(state.size());
        try (Reader reader = new Reader(RECORDS_WINDOW_BYTES)) {
            state.forEach((index, location) -> out.add(reader.read(index, location)));
        } catch (IOException e) {
            throw fail("cannot read back the log in " + dir, e);
        }
        return out;
    }

    /** Hands buffered records to the operating system (no force) and closes the files. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                flushWriteBuffer();
                if (directTail != null) {
                    directTail.trim(activeFile);
                }
            }
        } catch (IOException e) {
            failure = e;
            throw new StorageException("cannot write log segment " + active.path + " on close: " + e, e);
        } finally {
            try {
                activeFile.close();
            } catch (IOException e) {
                LOG.warn("file={}: close failed: {}", active.path, e.toString());
            }
        }
    }

    /** Slots of the in-memory ring now (tests check it stays bounded while the log moves on). */
    int ringCapacity() {
        return state.ringCapacity();
    }

    /** How many segment files the log has now (for tests and metrics). */
    public int segmentCount() {
        return segments.size();
    }

    /** Encodes one record into the write buffer (writing it out if full); returns its location. */
    private long write(byte kind, long index, long view, byte[] payload) {
        int recordBytes = SegmentFormat.recordBytes(payload.length);
        try {
            long activeBytes = activeBytesWritten + writeBuffer.position();
            if (activeBytes + recordBytes > segmentBytesMax && activeBytes > activeBytesBase) {
                rollSegment();
            }
            if (writeBuffer.remaining() < recordBytes) {
                flushWriteBuffer();
                if (writeBuffer.capacity() < recordBytes) {
                    writeBuffer = ByteBuffer.allocate(recordBytes);
                }
            }
            long location = active.locationOf(activeBytesWritten + writeBuffer.position());
            SegmentFormat.encode(writeBuffer, kind, index, view, payload);
            if (writeBuffer.capacity() > writeBufferBytes) {
                // A one-off buffer for a large record: write it now and go back to the usual size.
                flushWriteBuffer();
                writeBuffer = groupBuffer;
            }
            return location;
        } catch (IOException e) {
            throw fail("cannot write log segment " + active.path, e);
        }
    }

    private void flushWriteBuffer() throws IOException {
        if (writeBuffer.position() == 0) {
            return;
        }
        writeBuffer.flip();
        int bytes = writeBuffer.remaining();
        zeroAhead(activeBytesWritten + bytes);
        if (directTail != null) {
            directTail.append(activeFile, writeBuffer);
        } else {
            activeFile.write(writeBuffer, activeBytesWritten);
        }
        activeBytesWritten += bytes;
        activeFileBytes = Math.max(activeFileBytes, activeBytesWritten);
        writeBuffer.clear();
    }

    /** Makes sure the file holds zeros (or records) up to at least {@code end}, a chunk at a time. */
    private void zeroAhead(long end) throws IOException {
        if (end <= activeFileBytes) {
            return;
        }
        long target = Math.max(end, Math.min(activeFileBytes + ZERO_CHUNK_BYTES, segmentBytesMax));
        if (directTail != null) {
            // O_DIRECT writes whole blocks: zeros start after the block holding the file's end
            // (the tail's to rewrite) and end on a boundary.
            target = directTail.alignUp(target);
            directTail.writeZeros(activeFile, directTail.alignUp(activeFileBytes), target);
            activeFileBytes = target;
            return;
        }
        for (long at = activeFileBytes; at < target; ) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), target - at));
            int n = zeros.remaining();
            activeFile.write(zeros, at);
            at += n;
        }
        activeFileBytes = target;
    }

    /**
     * Forces the full segment before the next one gets its first byte, so a crash never keeps a
     * newer segment's records while losing an older one's: recovery always sees a prefix.
     */
    private void rollSegment() throws IOException {
        flushWriteBuffer();
        if (directTail != null) {
            // Older segments must end with their last record: replay refuses anything after it.
            directTail.trim(activeFile);
        } else if (activeFileBytes > activeBytesWritten) {
            // The same for the zeros written ahead: cut them, durably even in modes that sync
            // every write but not the file's length (dsync, osync), before the next segment exists.
            activeFile.truncate(activeBytesWritten);
            if (mode.isDurable()) {
                activeFile.force();
            }
        }
        forceActiveIfDurable();
        activeFile.close();
        startSegment(active.sequence + 1);
    }

    private void startSegment(long sequence) throws IOException {
        Segment segment = new Segment(sequence, dir.resolve(SegmentFormat.fileName(sequence)));
        DiskFile file = disk.open(segment.path, true, mode.writeMode());
        // A file of this name can only be a leftover that replay deleted or never saw; start clean.
        file.truncate(0);
        if (directTail != null) {
            directTail.reset(file, 0);
            directTail.append(file, SegmentFormat.header(sequence));
        } else {
            file.write(SegmentFormat.header(sequence), 0);
        }
        segments.addLast(segment);
        active = segment;
        activeFile = file;
        activeBytesWritten = SegmentFormat.HEADER_BYTES;
        activeFileBytes = SegmentFormat.HEADER_BYTES;
        dirtyDirectory = true;
        if (state.discardedBefore() > 1) {
            // Carry the discard point so older segments (and their markers) can be deleted.
            SegmentFormat.encode(writeBuffer, SegmentFormat.KIND_DISCARD_BEFORE, state.discardedBefore(), 0, new byte[0]);
            flushWriteBuffer();
        }
        activeBytesBase = activeBytesWritten;
    }

    private void deleteDiscardedSegments() throws IOException {
        while (segments.size() > 1 && segments.peekFirst().appendIndexMax < state.discardedBefore()) {
            Segment oldest = segments.removeFirst();
            disk.delete(oldest.path);
            dirtyDirectory = true;
            // One directory sync per deletion keeps deletions in order: a crash never leaves a hole.
            syncDirectoryIfDurable();
        }
    }

    private void forceActiveIfDurable() throws IOException {
        if (mode.forcesOnSync()) {
            activeFile.force();
        }
    }

    private void syncDirectoryIfDurable() throws IOException {
        if (dirtyDirectory && mode.isDurable()) {
            disk.syncDirectory(dir);
        }
        dirtyDirectory = false;
    }

    /**
     * Reads records back for one {@link #get} or {@link #records} call, then is closed: it holds
     * one plain (not O_DIRECT) handle on the segment it last read and a window of that file's
     * bytes, valid only while nothing is written, i.e. within the call.
     */
    private final class Reader implements AutoCloseable {
        private Segment segment;
        private DiskFile file;
        private final int windowBytesMin;
        private ByteBuffer window;
        // The file offset of window[0], and how many bytes from there the window holds.
        private long windowStart;
        private int windowBytes;

        Reader(int windowBytesMin) {
            this.windowBytesMin = windowBytesMin;
        }

        /** The record for {@code index} at {@code location}; an IOException if it is not there, intact. */
        LogRecord read(long index, long location) throws IOException {
            Segment holder = segmentHolding(location);
            long offset = Segment.offsetOf(location);
            if (holder == active && offset >= activeBytesWritten) {
                // Not handed to the OS yet: a record is encoded whole into the buffer, and the
                // buffer is written whole, so it is all here (a one-off buffer is written at once).
                int at = (int) (offset - activeBytesWritten);
                return decode(holder, offset, index, writeBuffer, at, writeBuffer.position() - at);
            }
            int at = fill(holder, offset, SegmentFormat.FRAME_BYTES);
            int available = windowBytes - at;
            if (available >= SegmentFormat.FRAME_BYTES) {
                int bodyBytes = window.getInt(at);
                if (bodyBytes > available - SegmentFormat.FRAME_BYTES && bodyBytes <= SegmentFormat.BODY_BYTES_MAX) {
                    at = fill(holder, offset, SegmentFormat.FRAME_BYTES + bodyBytes);
                    available = windowBytes - at;
                }
            }
            return decode(holder, offset, index, window, at, available);
        }

        private LogRecord decode(Segment holder, long offset, long index, ByteBuffer in, int at, int available)
                throws IOException {
            String bad = SegmentFormat.whyNotAppend(in, at, available, index);
            if (bad != null) {
                throw new IOException("log segment " + holder.path + " is corrupt at offset " + offset + ": " + bad
                        + " (reading back index " + index + ")");
            }
            return SegmentFormat.decodeAppend(in, at);
        }

        /**
         * Makes the window hold {@code holder}'s bytes from {@code offset} on, at least {@code bytes}
         * of them if the file has them; returns where {@code offset} is in the window.
         */
        private int fill(Segment holder, long offset, int bytes) throws IOException {
            if (holder != segment) {
                close();
                file = disk.open(holder.path, false, null);
                segment = holder;
                windowBytes = 0;
            }
            if (offset >= windowStart && offset + bytes <= windowStart + windowBytes) {
                return (int) (offset - windowStart);
            }
            if (window == null || window.capacity() < bytes) {
                window = ByteBuffer.allocate(Math.max(windowBytesMin, bytes));
            }
            window.clear();
            windowStart = offset;
            windowBytes = file.read(window, offset);
            return 0;
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                DiskFile closing = file;
                file = null;
                segment = null;
                closing.close();
            }
        }
    }

    /** The segment a location names; it exists, because a segment holding a held record is never deleted. */
    private Segment segmentHolding(long location) throws IOException {
        for (var it = segments.descendingIterator(); it.hasNext(); ) {
            Segment segment = it.next();
            if (segment.holds(location)) {
                return segment;
            }
        }
        throw new IOException("no segment holds location 0x" + Long.toHexString(location) + " (segments " + segments + ")");
    }

    private StorageException fail(String what, IOException e) {
        failure = e;
        return new StorageException(what + ": " + e + "; the log is unusable until restart", e);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log in " + dir + " is closed");
        }
    }

    private void checkUsable() {
        checkOpen();
        if (failure != null) {
            throw new StorageException("log in " + dir + " failed earlier (" + failure + "); halt and restart");
        }
    }
}
