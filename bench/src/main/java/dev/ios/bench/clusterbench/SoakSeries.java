package dev.ios.bench.clusterbench;

import java.util.ArrayList;
import java.util.List;

/**
 * One server's heap-after-GC samples during a soak, and whether they stayed flat: after the first
 * minute (start-up and the first collections settle there), the largest sample of the last third
 * is at most {@link #GROWTH_ALLOWED} times the largest of the first third. A leak grows without
 * bound, so it fails this on a long enough soak; ordinary churn between collections does not.
 */
public final class SoakSeries {

    /** How much the last third may exceed the first. */
    public static final double GROWTH_ALLOWED = 1.2;

    /** Samples before this many seconds are not judged. */
    public static final double SETTLE_S = 60;

    private final List<Double> atS = new ArrayList<>();
    private final List<Long> bytes = new ArrayList<>();

    /** Adds a sample taken {@code atS} seconds into the soak; negative bytes (unknown) are skipped. */
    public void add(double atS, long bytes) {
        if (bytes >= 0) {
            this.atS.add(atS);
            this.bytes.add(bytes);
        }
    }

    /** The samples as {@code t=30s:123456789 ...}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.size(); i++) {
            out.append(i == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "t=%.0fs:%d", atS.get(i), bytes.get(i)));
        }
        return out.toString();
    }

    /** {@code flat}, {@code growing}, or {@code too short} when fewer than three samples follow the first minute. */
    public String verdict() {
        List<Long> judged = new ArrayList<>();
        for (int i = 0; i < bytes.size(); i++) {
            if (atS.get(i) >= SETTLE_S) {
                judged.add(bytes.get(i));
            }
        }
        if (judged.size() < 3) {
            return "too short";
        }
        int third = judged.size() / 3;
        long firstMax = judged.subList(0, third).stream().mapToLong(Long::longValue).max().orElseThrow();
        long lastMax = judged.subList(judged.size() - third, judged.size()).stream().mapToLong(Long::longValue).max()
                .orElseThrow();
        return lastMax <= GROWTH_ALLOWED * firstMax ? "flat" : "growing";
    }
}
