package dev.ios.kvstore;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A measurement for the README, not a test: the heap a {@link KvStateMachine} holds with
 * {@code n} keys of {@code valueBytes}-byte values (default 1,000,000 × 100 B), read from
 * {@link Runtime} after full GCs. Run by hand:
 *
 * <pre>
 * java -Xmx2g -cp kvstore/target/test-classes:kvstore/target/classes:consensus-core/target/classes \
 *     dev.ios.kvstore.KvFootprint [keys] [valueBytes]
 * java ... dev.ios.kvstore.KvFootprint sessions [clients]
 * </pre>
 *
 * <p>Keys are {@code k} plus 9 digits (10 bytes), values random letters, all written through
 * {@code apply} by one client, as the server would. The figure includes nothing but the machine.
 * The {@code sessions} form instead has {@code clients} distinct clients (default 100,000) each
 * apply one {@code update s 1} (answered {@code OK}), to price one session.
 */
public final class KvFootprint {

    private KvFootprint() {}

    /** Prints used heap before and after, and bytes per key. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("sessions")) {
            sessions(args.length > 1 ? Integer.parseInt(args[1]) : 100_000);
            return;
        }
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long before = usedAfterGc();
        KvStateMachine machine = new KvStateMachine();
        SplittableRandom random = new SplittableRandom(7);
        byte[] value = new byte[valueBytes];
        for (int i = 0; i < keys; i++) {
            for (int b = 0; b < valueBytes; b++) {
                value[b] = (byte) ('a' + random.nextInt(26));
            }
            String command = String.format("update k%09d %s", i, new String(value, StandardCharsets.US_ASCII));
            machine.apply(i + 1, 1, i + 1, command.getBytes(StandardCharsets.UTF_8));
        }
        long after = usedAfterGc();
        System.out.printf("keys=%d valueBytes=%d heapBytes=%d bytesPerKey=%.1f (payload %d B per key)%n", keys,
                valueBytes, after - before, (after - before) / (double) keys, 10 + valueBytes);
        // Keeps the machine reachable until after the measurement.
        System.out.println("count=" + new String(machine.read("count".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }

    private static void sessions(int clients) {
        long before = usedAfterGc();
        KvStateMachine machine = new KvStateMachine(clients);
        byte[] command = "update s 1".getBytes(StandardCharsets.UTF_8);
        for (int client = 1; client <= clients; client++) {
            machine.apply(client, client, 1, command);
        }
        long after = usedAfterGc();
        System.out.printf("sessions=%d heapBytes=%d bytesPerSession=%.1f%n", machine.sessionCount(), after - before,
                (after - before) / (double) clients);
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
