package dev.ios.bench.clusterbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading a heap-after-GC number from Prometheus text and from jcmd's GC.heap_info output. */
class ServerProbeTest {

    @Test
    void readsAnUnlabelledMetric() {
        String text = "# HELP ios_jvm_heap_used_bytes Heap in use.\n# TYPE ios_jvm_heap_used_bytes gauge\n"
                + "ios_jvm_heap_used_bytes 5.0E7\nios_jvm_heap_after_gc_bytes 31457280\n";
        assertEquals(OptionalLong.of(31_457_280), ServerProbe.metricValue(text, ServerProbe.HEAP_AFTER_GC_METRIC));
        assertEquals(OptionalLong.of(50_000_000), ServerProbe.metricValue(text, "ios_jvm_heap_used_bytes"));
        assertTrue(ServerProbe.metricValue("ios_requests_total 3\n", ServerProbe.HEAP_AFTER_GC_METRIC).isEmpty());
    }

    @Test
    void sumsTheGenerationsOfParallelGc() {
        String info = """
                 PSYoungGen      total 305664K, used 1024K [0x00000000eab00000, 0x0000000100000000, 0x0000000100000000)
                  eden space 262144K, 0% used [0x00000000eab00000,0x00000000eab00000,0x00000000fab00000)
                  from space 43520K, 0% used [0x00000000fab00000,0x00000000fab00000,0x00000000fd580000)
                 ParOldGen       total 699392K, used 2242K [0x00000000c0000000, 0x00000000eab00000, 0x00000000eab00000)
                  object space 699392K, 0% used [0x00000000c0000000,0x00000000c0230898,0x00000000eab00000)
                 Metaspace       used 8948K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;
        assertEquals((1024 + 2242) * 1024L, ServerProbe.heapUsedBytes(info));
    }

    @Test
    void readsG1sOneLineAndMegabytes() {
        String info = """
                 garbage-first heap   total 1048576K, used 30M [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 1 young (1024K), 0 survivors (0K)
                 Metaspace       used 9000K, committed 9100K, reserved 1114112K
                """;
        assertEquals(30L * 1024 * 1024, ServerProbe.heapUsedBytes(info));
    }

    @Test
    void noHeapLineIsUnknown() {
        assertEquals(-1, ServerProbe.heapUsedBytes("12345:\nCommand executed successfully\n"));
    }
}
