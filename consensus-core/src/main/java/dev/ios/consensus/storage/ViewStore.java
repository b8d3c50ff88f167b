package dev.ios.consensus.storage;

/**
 * The durable view of one server (the highest view it has promised or adopted).
 *
 * <p>Threads: one thread calls every method. Durability: when {@link #save} returns, the view is
 * durable and a crash at any moment leaves either the old or the new view, never a torn one (the
 * file is replaced atomically). Failures throw {@link StorageException}; the server halts.
 */
public interface ViewStore {

    /** The last saved view, or {@code 0} if none was ever saved. */
    long load();

    /** Saves {@code view} durably. Views only grow: saving a lower view is a programmer error. */
    void save(long view);
}
