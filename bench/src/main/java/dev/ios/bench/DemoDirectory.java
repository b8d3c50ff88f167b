package dev.ios.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo's data directory, wiped before each run — but only if everything in it is something the
 * demo writes, so a mistaken {@code --data} can never delete someone's files.
 */
final class DemoDirectory {

    /** What the demo puts in its directory: server data directories, logs, the address file, its outputs. */
    private static final Pattern OURS = Pattern.compile("\\d+|server-\\d+\\.log|local-\\d+\\.conf|latency\\.csv|report\\.html");

    private DemoDirectory() {}

    /**
     * Deletes {@code dir} and everything in it, then creates it empty.
     *
     * @throws IOException if it holds a name the demo never writes (nothing is deleted then), or on I/O failure
     */
    static void wipe(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            List<Path> foreign = new ArrayList<>();
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(p -> !OURS.matcher(p.getFileName().toString()).matches()).forEach(foreign::add);
            }
            if (!foreign.isEmpty()) {
                throw new IOException(dir + " holds files the demo did not write (" + foreign.get(0).getFileName()
                        + (foreign.size() > 1 ? " and " + (foreign.size() - 1) + " more" : "") + "); not wiping it");
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
