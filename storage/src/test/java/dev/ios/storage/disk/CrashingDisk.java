package dev.ios.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A test-only, in-memory {@link Disk} that simulates a crash: everything not yet forced (file
 * contents) or synced (names in a directory) is lost, except a random prefix of it, and the last
 * write of that prefix may be torn. This is how a real disk may behave on power loss, short of
 * reordering writes inside one unsynced group (which a kill -9 never causes; see storage/README.md).
 *
 * <p>Also injects I/O errors: {@link #failAfter} makes every operation fail from a given point.
 * Not thread-safe: one test thread.
 */
public final class CrashingDisk implements Disk {

    /** A file's bytes: what is durable, what is current, and the writes in between, in order. */
    private static final class Node {
        byte[] durable = new byte[0];
        byte[] current = new byte[64];
        int length;
        final List<Object> pending = new ArrayList<>();

        void force() {
            durable = Arrays.copyOf(current, length);
            pending.clear();
        }

        void write(long position, byte[] bytes) {
            int end = Math.toIntExact(position + bytes.length);
            if (end > current.length) {
                current = Arrays.copyOf(current, Math.max(end, current.length * 2));
            }
            if (position > length) {
                Arrays.fill(current, length, (int) position, (byte) 0);
            }
            System.arraycopy(bytes, 0, current, (int) position, bytes.length);
            length = Math.max(length, end);
        }

        void truncate(long size) {
            if (size < length) {
                length = (int) size;
            }
        }
    }

    private record Write(long position, byte[] bytes) {}

    private record Truncate(long sizeBytes) {}

    private record Created(Path path, Node node) {}

    private record Deleted(Path path) {}

    private record Renamed(Path from, Path to, Node node) {}

    /** O_DIRECT writes must be aligned to this, as on a disk with 512-byte sectors. */
    public static final int DIRECT_ALIGNMENT_BYTES = 512;

    private final Map<Path, Node> names = new HashMap<>();
    private final Map<Path, Node> namesDurable = new HashMap<>();
    private final Map<Path, List<Object>> directoryOpsPending = new HashMap<>();
    private final Set<Path> directories = new HashSet<>();
    private final Set<Path> locked = new HashSet<>();
    // Handles from before a crash belong to a dead process: using one is a test bug.
    private int generation;
    private long operationsUntilFailure = Long.MAX_VALUE;
    private long operationsUntilCrash = Long.MAX_VALUE;
    private SplittableRandom crashRandom;
    private boolean directRefused;
    // Inside observe(): operations count towards no crash and no injected failure.
    private boolean observing;

    /** Every operation after the next {@code operations} ones throws an {@link IOException} (disk full). */
    public void failAfter(long operations) {
        operationsUntilFailure = operations;
    }

    /**
     * The operation after the next {@code operations} ones "kills the process": it throws
     * {@link SimulatedCrash}; a write tears first (a random prefix of its bytes reaches the file
     * cache, or of a synchronous write, the disk). Call {@link #crash} afterwards as usual.
     */
    public void crashAtOperation(long operations, SplittableRandom random) {
        operationsUntilCrash = operations;
        crashRandom = random;
    }

    /** Makes opening a file with {@link WriteMode#DIRECT} fail, as on a file system without O_DIRECT. */
    public void refuseDirect() {
        directRefused = true;
    }

    /**
     * Runs {@code reads} — the test's own look at a store, such as comparing it with a model —
     * without counting its disk operations towards an armed crash or injected failure. Reads change
     * nothing on disk, so a crash inside one is a crash between two operations, which the counted
     * operations cover already; counted, the reads would draw most crashes away from the writes
     * under test. {@code reads} must not write.
     */
    public <T> T observe(Supplier<T> reads) {
        boolean outer = observing;
        observing = true;
        try {
            return reads.get();
        } finally {
            observing = outer;
        }
    }

    /** Stops injecting failures. */
    public void heal() {
        operationsUntilFailure = Long.MAX_VALUE;
    }

    /**
     * Simulates a crash and restart: names keep what was synced plus a random prefix of later
     * changes per directory; each file keeps what was forced plus a random prefix of later writes,
     * the last one possibly torn. Every open handle becomes unusable.
     */
    public void crash(SplittableRandom random) {
        generation++;
        operationsUntilCrash = Long.MAX_VALUE;
        Map<Path, Node> survivors = new HashMap<>(namesDurable);
        for (List<Object> ops : new TreeMap<>(directoryOpsPending).values()) {
            int kept = random.nextInt(ops.size() + 1);
            for (Object op : ops.subList(0, kept)) {
                applyName(survivors, op);
            }
        }
        // Iterate in a seeded order so the same seed tears the same bytes.
        List<Map.Entry<Path, Node>> ordered = new ArrayList<>(new TreeMap<>(survivors).entrySet());
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<Path, Node> entry : ordered) {
            if (done.add(entry.getValue())) {
                crashNode(entry.getValue(), random);
            }
        }
        directoryOpsPending.clear();
        locked.clear();
        names.clear();
        names.putAll(survivors);
        namesDurable.clear();
        namesDurable.putAll(survivors);
    }

    private static void crashNode(Node node, SplittableRandom random) {
        Node rebuilt = new Node();
        rebuilt.write(0, node.durable);
        int kept = random.nextInt(node.pending.size() + 1);
        for (Object op : node.pending.subList(0, kept)) {
            applyData(rebuilt, op);
        }
        if (kept < node.pending.size() && node.pending.get(kept) instanceof Write torn && random.nextBoolean()) {
            int bytes = random.nextInt(torn.bytes().length + 1);
            rebuilt.write(torn.position(), Arrays.copyOf(torn.bytes(), bytes));
        }
        node.current = rebuilt.current;
        node.length = rebuilt.length;
        node.force();
    }

    private static void applyData(Node node, Object op) {
        if (op instanceof Write w) {
            node.write(w.position(), w.bytes());
        } else if (op instanceof Truncate t) {
            node.truncate(t.sizeBytes());
        }
    }

    private static void applyName(Map<Path, Node> names, Object op) {
        if (op instanceof Created c) {
            names.put(c.path(), c.node());
        } else if (op instanceof Deleted d) {
            names.remove(d.path());
        } else if (op instanceof Renamed r) {
            names.remove(r.from());
            names.put(r.to(), r.node());
        }
    }

    /** The current bytes of {@code path} (for tests that inspect or damage files). */
    public byte[] contents(Path path) {
        Node node = names.get(normal(path));
        return node == null ? null : Arrays.copyOf(node.current, node.length);
    }

    private void tick() throws IOException {
        if (observing) {
            return;
        }
        if (crashDue()) {
            throw new SimulatedCrash("a disk operation");
        }
        failIfDue();
    }

    private boolean crashDue() {
        if (observing || operationsUntilCrash == Long.MAX_VALUE) {
            return false;
        }
        return operationsUntilCrash-- <= 0;
    }

    private void failIfDue() throws IOException {
        if (operationsUntilFailure <= 0) {
            throw new IOException("injected I/O error: No space left on device");
        }
        operationsUntilFailure--;
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private void pendingName(Path path, Object op) {
        directoryOpsPending.computeIfAbsent(path.getParent(), d -> new ArrayList<>()).add(op);
    }

    @Override
    public DiskFile open(Path path, boolean create, WriteMode writeMode) throws IOException {
        tick();
        Path p = normal(path);
        if (writeMode == WriteMode.DIRECT && directRefused) {
            throw new IOException("Invalid argument: O_DIRECT not supported for " + p);
        }
        Node node = names.get(p);
        if (node == null) {
            if (!create) {
                throw new NoSuchFileException(p.toString());
            }
            if (!directories.contains(p.getParent())) {
                throw new NoSuchFileException(p.getParent().toString());
            }
            if (directories.contains(p)) {
                throw new FileAlreadyExistsException(p + " is a directory");
            }
            node = new Node();
            names.put(p, node);
            pendingName(p, new Created(p, node));
        }
        return new FakeFile(p, node, generation, writeMode);
    }

    @Override
    public int directAlignmentBytes(Path dir) {
        return DIRECT_ALIGNMENT_BYTES;
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        tick();
        Path d = normal(dir);
        if (!directories.contains(d)) {
            throw new NoSuchFileException(d.toString());
        }
        List<Path> entries = new ArrayList<>();
        for (Path p : names.keySet()) {
            if (d.equals(p.getParent())) {
                entries.add(p);
            }
        }
        for (Path p : directories) {
            if (d.equals(p.getParent())) {
                entries.add(p);
            }
        }
        entries.sort(null);
        return entries;
    }

    @Override
    public boolean exists(Path path) {
        Path p = normal(path);
        return names.containsKey(p) || directories.contains(p);
    }

    @Override
    public void delete(Path path) throws IOException {
        tick();
        Path p = normal(path);
        if (names.remove(p) != null) {
            pendingName(p, new Deleted(p));
        }
    }

    @Override
    public void moveAtomic(Path from, Path to) throws IOException {
        tick();
        Path f = normal(from);
        Path t = normal(to);
        Node node = names.remove(f);
        if (node == null) {
            throw new NoSuchFileException(f.toString());
        }
        names.put(t, node);
        pendingName(t, new Renamed(f, t, node));
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        tick();
        Path d = normal(dir);
        List<Object> ops = directoryOpsPending.remove(d);
        if (ops != null) {
            ops.forEach(op -> applyName(namesDurable, op));
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        tick();
        for (Path p = normal(dir); p != null; p = p.getParent()) {
            directories.add(p);
        }
    }

    @Override
    public AutoCloseable lock(Path file) throws IOException {
        tick();
        Path p = normal(file);
        if (!locked.add(p)) {
            throw new IOException(p + " is locked by another process");
        }
        int generationLocked = generation;
        // A crash kills the holder, which releases the lock.
        return () -> {
            if (generation == generationLocked) {
                locked.remove(p);
            }
        };
    }

    /** A handle on one node; dead after a crash. */
    private final class FakeFile implements DiskFile {
        private final Path path;
        private final Node node;
        private final int generationOpened;
        private final boolean syncWrites;
        private final boolean direct;
        private boolean closed;

        FakeFile(Path path, Node node, int generationOpened, WriteMode writeMode) {
            this.path = path;
            this.node = node;
            this.generationOpened = generationOpened;
            this.syncWrites = writeMode == WriteMode.DSYNC || writeMode == WriteMode.SYNC;
            this.direct = writeMode == WriteMode.DIRECT;
        }

        private void check() throws IOException {
            if (closed) {
                throw new IOException(path + " is closed");
            }
            if (generationOpened != generation) {
                throw new IllegalStateException(path + ": handle used after a simulated crash (test bug)");
            }
            tick();
        }

        @Override
        public long size() throws IOException {
            check();
            return node.length;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (direct && (position % DIRECT_ALIGNMENT_BYTES != 0 || dst.remaining() % DIRECT_ALIGNMENT_BYTES != 0)) {
                throw new IOException("Invalid argument: unaligned O_DIRECT read of " + dst.remaining()
                        + " bytes at " + position + " from " + path);
            }
            check();
            int n = (int) Math.max(0, Math.min(dst.remaining(), node.length - position));
            dst.put(node.current, (int) position, n);
            return n;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            if (direct && (!src.isDirect() || position % DIRECT_ALIGNMENT_BYTES != 0
                    || src.remaining() % DIRECT_ALIGNMENT_BYTES != 0)) {
                // What the kernel answers to a misaligned O_DIRECT write.
                throw new IOException("Invalid argument: unaligned O_DIRECT write of " + src.remaining()
                        + " bytes at " + position + " to " + path);
            }
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            if (crashDue()) {
                // The process dies inside write(): some prefix of the bytes made it.
                byte[] torn = Arrays.copyOf(bytes, crashRandom.nextInt(bytes.length + 1));
                node.write(position, torn);
                node.pending.add(new Write(position, torn));
                if (syncWrites) {
                    node.force();
                }
                throw new SimulatedCrash("write of " + bytes.length + " bytes to " + path);
            }
            check();
            node.write(position, bytes);
            node.pending.add(new Write(position, bytes));
            if (syncWrites) {
                // O_DSYNC: this write, and so every earlier one, is durable when write returns.
                node.force();
            }
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            check();
            node.truncate(sizeBytes);
            node.pending.add(new Truncate(sizeBytes));
        }

        @Override
        public void force() throws IOException {
            check();
            node.force();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
