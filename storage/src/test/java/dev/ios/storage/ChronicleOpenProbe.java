package dev.ios.storage;

import dev.ios.consensus.storage.StorageException;
import java.nio.file.Path;

/**
 * A child process for {@link ChronicleLogStoreTest}: opens a chronicle log in the directory given
 * and prints {@code opened} or {@code refused: <message>}.
 */
public final class ChronicleOpenProbe {

    private ChronicleOpenProbe() {}

    /** {@code args}: data directory. */
    public static void main(String[] args) {
        try (ChronicleLogStore store = ChronicleLogStore.open(Path.of(args[0]), PersistenceMode.FSYNC)) {
            System.out.println("opened");
        } catch (StorageException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
