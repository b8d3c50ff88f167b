package dev.ios.server.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The JVM's heap as the memory beans report it. "After GC" is the figure that says whether a
 * server retains more over time: the used heap right after the last collection of each heap pool,
 * summed (the young pools are usually empty then, so this is mostly what the old generation keeps).
 * Any thread.
 */
final class HeapUsage {

    private HeapUsage() {}

    /** Heap bytes in use now, garbage included. */
    static long usedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap bytes in use after the last collection of each heap pool; 0 before the first collection. */
    static long usedAfterLastGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                sum += afterGc.getUsed();
            }
        }
        return sum;
    }
}
