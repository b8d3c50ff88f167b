package dev.ios.consensus.storage;

/**
 * A storage operation failed (I/O error, disk full, failed fsync, corrupt file). Unchecked because
 * no caller can recover in place: the runtime stops acknowledging and halts the server, and the
 * message names the file and, for corruption, the offset.
 */
public class StorageException extends RuntimeException {

    /** With a message naming the file (and offset, for corruption). */
    public StorageException(String message) {
        super(message);
    }

    /** With a message naming the file, and the I/O error underneath. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
