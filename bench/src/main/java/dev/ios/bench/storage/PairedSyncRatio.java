package dev.ios.bench.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A drift-proof companion to {@link LogSyncBenchmark} for a shared, noisy machine: for each cell
 * (target × records per sync × record size) it opens the target and the plain baseline side by
 * side and alternates short slices between them (target, plain, plain, target, ...), so both see
 * the same background load. It prints, per cell, the median records per second of each, their
 * ratio, and the median of the ratios of adjacent slice pairs (the most drift-proof of the three). JMH measures the two in different seconds, and on a disk that other processes fsync to
 * those seconds can differ by 10× — enough to decide a 0.8 threshold by luck.
 *
 * <p>Run from the repository root (Chronicle's JVM flags as in the launcher):
 * {@code java <flags> -cp "bench/target/classes:$(cat bench/target/classpath.txt)"
 * dev.ios.bench.storage.PairedSyncRatio [sliceMs] [slicesPerTarget]}; files go where the JMH
 * benchmark puts them ({@code -Dios.bench.dir}).
 */
public final class PairedSyncRatio {

    private PairedSyncRatio() {}

    /** Runs every cell and prints a Markdown table to stdout. */
    public static void main(String[] args) throws Exception {
        long sliceMs = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path root = Path.of(System.getProperty("ios.bench.dir",
                Files.isDirectory(Path.of("bench")) ? "bench/target/jmh-storage" : "target/jmh-storage"));
        Files.createDirectories(root);
        System.out.printf("# %d slices of %d ms per side, files under %s (%s)%n", slices, sliceMs, root.toAbsolutePath(),
                Files.getFileStore(root).type());
        System.out.println("| target | record B | records/sync | target records/s | plain records/s | ratio of medians | median of pair ratios |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int recordBytes : new int[] {100, 1024}) {
            for (int recordsPerSync : new int[] {1, 16, 256}) {
                for (String target : new String[] {"segmented", "chronicle"}) {
                    runCell(root, target, recordBytes, recordsPerSync, sliceMs, slices);
                }
            }
        }
    }

    private static void runCell(Path root, String target, int recordBytes, int recordsPerSync, long sliceMs, int slices)
            throws Exception {
        byte[] payload = new byte[recordBytes];
        new SplittableRandom(42).nextBytes(payload);
        Path targetDir = Files.createTempDirectory(root, target + "-");
        Path plainDir = Files.createTempDirectory(root, "plain-");
        List<Double> targetRates = new ArrayList<>();
        List<Double> plainRates = new ArrayList<>();
        List<Double> pairRatios = new ArrayList<>();
        try (GroupWriter targetWriter = LogSyncBenchmark.openWriter(target, targetDir, LogSyncBenchmark.RECORDS_KEPT);
             GroupWriter plainWriter = LogSyncBenchmark.openWriter("plain", plainDir, 0)) {
            // Warm-up: a slice each, not counted (JIT, first segment and cycle files).
            slice(targetWriter, recordsPerSync, payload, sliceMs);
            slice(plainWriter, recordsPerSync, payload, sliceMs);
            for (int i = 0; i < slices; i++) {
                // ABBA order, so neither side always runs right after the other.
                boolean targetFirst = i % 2 == 0;
                GroupWriter first = targetFirst ? targetWriter : plainWriter;
                GroupWriter second = targetFirst ? plainWriter : targetWriter;
                double firstRate = slice(first, recordsPerSync, payload, sliceMs);
                double secondRate = slice(second, recordsPerSync, payload, sliceMs);
                targetRates.add(targetFirst ? firstRate : secondRate);
                plainRates.add(targetFirst ? secondRate : firstRate);
                pairRatios.add(targetRates.get(i) / plainRates.get(i));
            }
        } finally {
            LogSyncBenchmark.deleteTree(targetDir);
            LogSyncBenchmark.deleteTree(plainDir);
        }
        double targetMedian = median(targetRates);
        double plainMedian = median(plainRates);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.2f | %.2f |%n", target, recordBytes, recordsPerSync,
                targetMedian, plainMedian, targetMedian / plainMedian, median(pairRatios));
    }

    /** Writes groups for {@code sliceMs}; returns records per second. */
    private static double slice(GroupWriter writer, int recordsPerSync, byte[] payload, long sliceMs) throws Exception {
        long startNs = System.nanoTime();
        long endNs = startNs + sliceMs * 1_000_000L;
        long records = 0;
        long nowNs;
        do {
            writer.writeGroup(recordsPerSync, payload);
            records += recordsPerSync;
            nowNs = System.nanoTime();
        } while (nowNs < endNs);
        return records * 1e9 / (nowNs - startNs);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
