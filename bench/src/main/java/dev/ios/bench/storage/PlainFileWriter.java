package dev.ios.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The baseline: the least a durable log can do. Each group is copied into one direct buffer with
 * a 4-byte length before every record, written with one {@code FileChannel.write} and made durable
 * with one {@code force(false)} (fdatasync). No checksums, no index, no in-memory copy.
 *
 * <p>Like the segmented log it appends to a file and starts a new one at {@code fileBytesMax}
 * (deleting the old one), because an fdatasync after an append must also write the new file size,
 * while one after an overwrite in place need not: overwriting would flatter the baseline.
 */
final class PlainFileWriter implements GroupWriter {

    private final Path dir;
    private final long fileBytesMax;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private FileChannel channel;
    private Path file;
    private long fileBytes;
    private int fileNumber;

    PlainFileWriter(Path dir, long fileBytesMax) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.fileBytesMax = fileBytesMax;
        openNextFile();
    }

    @Override
    public void writeGroup(int count, byte[] payload) throws IOException {
        int groupBytes = count * (Integer.BYTES + payload.length);
        if (buffer.capacity() < groupBytes) {
            buffer = ByteBuffer.allocateDirect(groupBytes);
        }
        if (fileBytes + groupBytes > fileBytesMax) {
            openNextFile();
        }
        buffer.clear();
        for (int i = 0; i < count; i++) {
            buffer.putInt(payload.length).put(payload);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            fileBytes += channel.write(buffer);
        }
        channel.force(false);
    }

    private void openNextFile() throws IOException {
        Path previous = file;
        if (channel != null) {
            channel.close();
        }
        file = dir.resolve("plain-" + fileNumber++ + ".log");
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fileBytes = 0;
        if (previous != null) {
            Files.delete(previous);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
