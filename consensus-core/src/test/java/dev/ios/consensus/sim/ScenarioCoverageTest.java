package dev.ios.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The CI seeds of {@link ClusterProperties} must cover the whole matrix issue 3 asks for: 3 and 5
 * servers x each Ios preset x delegation 0, 2, -1 x with and without index exclusivity plus
 * implicit window commit. If a change to the seeds or to {@link SimScenario} loses a cell, this fails.
 */
class ScenarioCoverageTest {

    @Test
    void defaultSeedsCoverEveryCell() {
        Set<String> cells = new TreeSet<>();
        LongStream.range(ClusterProperties.FIRST_SEED, ClusterProperties.FIRST_SEED + ClusterProperties.CI_SEEDS).forEach(seed -> {
            String d = SimScenario.fromSeed(seed).description();
            cells.add(field(d, "n") + " " + field(d, "preset") + " " + field(d, "delegation") + " "
                    + field(d, "exclusivity+implicit"));
        });

        assertEquals(2 * 3 * 3 * 2, cells.size(), () -> "covered only " + cells);
    }

    private static String field(String description, String name) {
        for (String part : description.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part;
            }
        }
        throw new AssertionError("no " + name + " in " + description);
    }
}
