package dev.ios.bench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Smoke test of the core benchmark's harness, so the JMH benchmark cannot rot unnoticed. */
class CoreClusterTest {

    @Test
    void everyServerAppliesEveryCommittedRequest() {
        CoreCluster cluster = new CoreCluster(3, 42);

        for (int i = 0; i < 1000; i++) {
            cluster.commitOne();
        }

        // One request per entry, applied by each of the three replicas.
        assertEquals(3000, cluster.applied());
        assertTrue(cluster.steps() > 3000, "each commit takes several steps, took " + cluster.steps());
    }
}
