package dev.ios.storage;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link KillNineTest}: opens a data directory, then appends batches of
 * records (shuffled inside each batch, as delegated replication delivers them), syncs each batch
 * and prints {@code durable <index>} once it is durable — until it is killed. Exits by itself after
 * a time limit so a lost parent never leaves it running.
 */
public final class KillNineChild {

    private KillNineChild() {}

    /** The payload the child writes at {@code index}: the parent checks it byte for byte. */
    static byte[] payload(long index) {
        byte[] payload = new byte[(int) (index % 200) + 1];
        new Random(index).nextBytes(payload);
        return payload;
    }

    /** Opens the log of {@code backend} ({@code segmented} or {@code chronicle}) in {@code dir}, fsync mode. */
    static AutoCloseable open(String backend, Path dir, LogStore[] log) {
        if (backend.equals("chronicle")) {
            ChronicleLogStore store = ChronicleLogStore.open(dir, PersistenceMode.FSYNC);
            log[0] = store;
            return store;
        }
        DataDirectory data = DataDirectory.open(dir, StorageOptions.defaults());
        log[0] = data.log();
        return data;
    }

    /** {@code args}: backend, data directory, seed. */
    public static void main(String[] args) throws Exception {
        String backend = args[0];
        Path dir = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        Random random = new Random(seed);
        long deadlineNs = System.nanoTime() + 120_000_000_000L;
        LogStore[] opened = new LogStore[1];
        try (AutoCloseable closeable = open(backend, dir, opened)) {
            LogStore log = opened[0];
            // A killed batch may be partly on disk (Chronicle writes each excerpt at once): drop
            // whatever lies past the contiguous prefix and rewrite from there, as a replica would.
            long next = 1;
            while (log.get(next) != null) {
                next++;
            }
            if (log.lastIndex() >= next) {
                log.truncateFrom(next);
                log.sync();
            }
            System.out.println("started " + next);
            System.out.flush();
            while (System.nanoTime() < deadlineNs) {
                int batch = 1 + random.nextInt(16);
                List<Long> indices = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    indices.add(next + i);
                }
                Collections.shuffle(indices, random);
                for (long index : indices) {
                    log.append(new LogRecord(index, 1, payload(index)));
                }
                log.sync();
                next += batch;
                System.out.println("durable " + (next - 1));
                System.out.flush();
            }
        }
        System.exit(3);
    }
}
