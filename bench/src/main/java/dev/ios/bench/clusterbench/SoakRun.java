package dev.ios.bench.clusterbench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --soak}: the ordinary load for the soak's length on its own thread, while this thread
 * samples every server's heap after GC on a fixed schedule, then prints each server's series and
 * whether it stayed flat ({@link SoakSeries}).
 */
final class SoakRun {

    private SoakRun() {}

    /**
     * Runs {@code loop} for {@code spec}'s warm-up and duration, sampling {@code heaps} every
     * {@code spec.soakSampleEvery()}; samples go to {@code err} as they come, the verdicts to
     * {@code out}. Returns the loop's result.
     *
     * @throws IOException if the load failed
     */
    static LoadLoop.Result run(RunSpec spec, LoadLoop loop, ClusterHeaps heaps, Runnable atStart, Runnable atEnd,
                               PrintStream out, PrintStream err) throws IOException, InterruptedException {
        LoadLoop.Result[] result = new LoadLoop.Result[1];
        Throwable[] failure = new Throwable[1];
        Thread runner = new Thread(() -> {
            try {
                result[0] = loop.run(spec.warmup().toNanos(), spec.duration().toNanos(), atStart, atEnd);
            } catch (IOException | RuntimeException | Error e) {
                failure[0] = e;
            }
        }, "clusterbench-load");
        List<SoakSeries> series = new ArrayList<>();
        for (int i = 0; i < spec.servers(); i++) {
            series.add(new SoakSeries());
        }
        long startNs = System.nanoTime();
        runner.start();
        long everyNs = spec.soakSampleEvery().toNanos();
        long nextNs = startNs + everyNs;
        // The sampling schedule is the point here, not a wait for a condition: join returns early when the
        // load ends. Samples keep to a fixed schedule however long one takes (jcmd needs about a second).
        while (true) {
            runner.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextNs - System.nanoTime())));
            if (!runner.isAlive()) {
                break;
            }
            if (System.nanoTime() < nextNs) {
                continue;
            }
            nextNs += everyNs;
            double atS = (System.nanoTime() - startNs) / 1e9;
            ClusterHeaps.Reading reading = heaps.read();
            for (int i = 0; i < reading.bytes().size(); i++) {
                series.get(i).add(atS, reading.bytes().get(i));
            }
            err.printf("clusterbench: soak t=%.0fs heap after GC (%s): %s%n", atS, reading.source(), reading.bytes());
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException("the soak's load failed: " + failure[0], failure[0]);
        }
        for (int i = 0; i < series.size(); i++) {
            out.printf("# soak server %d heap after GC: %s -> %s%n", i, series.get(i).describe(), series.get(i).verdict());
        }
        return result[0];
    }
}
