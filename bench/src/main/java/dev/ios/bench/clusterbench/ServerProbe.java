package dev.ios.bench.clusterbench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark asks a running server besides requests: its role ({@code GET /status}) and its
 * heap after the last collection — from the server's Prometheus {@code GET /metrics} ({@code
 * ios_jvm_heap_after_gc_bytes}) when it has that metric, else from {@code jcmd <pid> GC.run} then
 * {@code GC.heap_info} (the heap in use right after a full collection is the heap after GC).
 */
final class ServerProbe {

    /** A heap reading and where it came from ({@code metrics}, {@code jcmd}); bytes -1 if none. */
    record Heap(long bytes, String source) {}

    static final String HEAP_AFTER_GC_METRIC = "ios_jvm_heap_after_gc_bytes";

    private static final Pattern ROLE_MASTER = Pattern.compile("\"role\"\\s*:\\s*\"MASTER\"");
    private static final Pattern HEAP_USED = Pattern.compile("\\bused (\\d+)([KMG]?)\\b");
    private static final long JCMD_WAIT_S = 30;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** True if the server whose REST port is {@code restPort} says it is the master; false on any failure. */
    boolean isMaster(int restPort) {
        String status = get(restPort, "/status");
        return status != null && ROLE_MASTER.matcher(status).find();
    }

    /**
     * The server's heap right after a full collection, through jcmd ({@code GC.run}, then {@code
     * GC.heap_info}); if jcmd fails, the {@code /metrics} gauge, which is the heap after the last
     * collection, whenever that was (0 if the heap never filled enough to collect); -1 without a
     * {@code restPort} (-1: a server with no REST port).
     */
    Heap heapAfterGc(int restPort, long pid) {
        long fromJcmd = jcmdHeapAfterGc(pid);
        if (fromJcmd >= 0) {
            return new Heap(fromJcmd, "jcmd");
        }
        String metrics = restPort < 0 ? null : get(restPort, "/metrics");
        OptionalLong fromMetrics = metrics == null ? OptionalLong.empty() : metricValue(metrics, HEAP_AFTER_GC_METRIC);
        return new Heap(fromMetrics.orElse(-1), "metrics");
    }

    /** The value of an unlabelled Prometheus sample {@code name} in {@code text}, if present. */
    static OptionalLong metricValue(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).trim();
                try {
                    return OptionalLong.of((long) Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The heap in use from {@code jcmd GC.heap_info} output: the sum of every {@code used N[KMG]}
     * of a generation or space line that ends a heap summary (ParallelGC and SerialGC print one
     * {@code total ..., used ...} line per generation; G1 one for the whole heap). -1 if none.
     */
    static long heapUsedBytes(String heapInfo) {
        long total = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            String trimmed = line.trim();
            // Generation lines ("PSYoungGen total ..., used ...", "def new generation ...", "garbage-first heap ...");
            // the indented space lines below them repeat the same bytes and are skipped; Metaspace is not heap.
            if (!trimmed.contains("total") || trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
                continue;
            }
            Matcher matcher = HEAP_USED.matcher(trimmed);
            if (matcher.find()) {
                total += Long.parseLong(matcher.group(1)) * unit(matcher.group(2));
                found = true;
            }
        }
        return found ? total : -1;
    }

    private static long unit(String suffix) {
        switch (suffix) {
            case "K":
                return 1024L;
            case "M":
                return 1024L * 1024;
            case "G":
                return 1024L * 1024 * 1024;
            default:
                return 1;
        }
    }

    /**
     * {@code GC.run} then {@code GC.heap_info} in one {@code jcmd -f} call (one tool JVM instead of
     * two: each takes about half a second to start), so the heap is read right after a full collection.
     */
    private static long jcmdHeapAfterGc(long pid) {
        if (pid < 0) {
            return -1;
        }
        Path commands = null;
        try {
            commands = Files.createTempFile("clusterbench-jcmd", ".txt");
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process process = new ProcessBuilder(jcmd, Long.toString(pid), "-f", commands.toString()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(JCMD_WAIT_S, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return -1;
            }
            return heapUsedBytes(output);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (commands != null) {
                try {
                    Files.deleteIfExists(commands);
                } catch (IOException e) {
                    // A leftover two-line temp file is harmless.
                }
            }
        }
    }

    private String get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
