package dev.ios.bench.storage;

import dev.ios.consensus.storage.LogRecord;
import dev.ios.consensus.storage.LogStore;
import dev.ios.storage.DataDirectory;
import dev.ios.storage.StorageOptions;
import java.nio.file.Path;

/**
 * A {@link LogStore} of a real {@link DataDirectory} (either backend) as a {@link GroupWriter}:
 * {@code count} appends at consecutive indices, then one {@code sync()}, as the runtime's storage
 * thread does.
 *
 * <p>The log keeps where every record is (8 bytes per index) and its segments on disk until they are
 * discarded, so after each sync that leaves more than {@code recordsKept} records the writer discards
 * below the newest {@code recordsKept} (as a snapshot would). That bounds memory and disk and lets
 * old segments be deleted; the discard marker
 * it writes is one small record per {@code recordsKept} appends.
 */
final class LogStoreWriter implements GroupWriter {

    private final DataDirectory data;
    private final LogStore log;
    private final long recordsKept;
    private long indexNext = 1;

    LogStoreWriter(Path dir, StorageOptions options, long recordsKept) {
        this.data = DataDirectory.open(dir, options);
        this.log = data.log();
        this.recordsKept = recordsKept;
    }

    @Override
    public void writeGroup(int count, byte[] payload) {
        for (int i = 0; i < count; i++) {
            // The payload array is shared between records: the store never mutates it.
            log.append(new LogRecord(indexNext++, 1, payload));
        }
        log.sync();
        if (indexNext - log.discardedBefore() > 2 * recordsKept) {
            log.discardBefore(indexNext - recordsKept);
        }
    }

    @Override
    public void close() {
        data.close();
    }
}
