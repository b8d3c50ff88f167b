package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's operations: unique values of the asked size, a replayable random mix, a fill that writes each key once. */
class WorkloadTest {

    @Test
    void valuesAreUniquePerClientAndRequestAndPadded() {
        assertEquals(100, Workload.value(3, 17, 100).length());
        assertTrue(Workload.value(3, 17, 100).startsWith("c3r17x"));
        assertEquals("c12r3456", Workload.value(12, 3456, 4), "the unique part wins over a too small size");
        assertEquals("c3r17" + "x".repeat(9995), Workload.value(3, 17, 10_000), "longer than the stock padding");
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < 20; c++) {
            for (long r = 1; r <= 20; r++) {
                assertTrue(seen.add(Workload.value(c, r, 8)));
            }
        }
    }

    @Test
    void randomMixReplaysFromItsSeedAndKeepsToTheKeys() {
        List<Workload.Op> first = draw(Workload.random(4, 10, 16, 30, 42L));
        assertEquals(first, draw(Workload.random(4, 10, 16, 30, 42L)));
        long reads = first.stream().filter(op -> !op.write()).count();
        assertTrue(reads > 0 && reads < first.size(), "30 % reads: some of each in " + first.size());
        assertTrue(first.stream().allMatch(op -> op.key().matches("k[0-9]")));
        assertEquals("get k3", new Workload.Op("k3", false, null).command());
        assertEquals("update k3 v", new Workload.Op("k3", true, "v").command());
    }

    @Test
    void fillWritesEveryKeyOnceThenStops() {
        Workload fill = Workload.fill(5, 8);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Workload.Op op = fill.next(i % 2, i + 1);
            assertTrue(op.write());
            keys.add(op.key());
        }
        assertEquals(Set.of("k0", "k1", "k2", "k3", "k4"), keys);
        assertNull(fill.next(0, 99));
    }

    @Test
    void readEachReadsEveryKeyOnce() {
        Workload reads = Workload.readEach(3);
        assertEquals("get k0", reads.next(0, 1).command());
        assertEquals("get k1", reads.next(1, 1).command());
        assertEquals("get k2", reads.next(0, 2).command());
        assertNull(reads.next(1, 2));
    }

    private static List<Workload.Op> draw(Workload workload) {
        List<Workload.Op> ops = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ops.add(workload.next(i % 4, i / 4 + 1));
        }
        return ops;
    }
}
