package dev.ios.bench.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code ios bench --report out.html}: one self-contained HTML file with the summary, a
 * latency-over-time plot (p50, p99 and max per progress interval) and a percentile plot (the
 * HdrHistogram percentile distribution on a log scale of {@code 1/(1-p)}). The plots are drawn by
 * Chart.js, whose source is inlined from its WebJar, so the file opens anywhere with no network.
 */
public final class HtmlReport {

    // Percentile points per halving of the distance to 100 %: HdrHistogram's usual resolution.
    private static final int PERCENTILE_TICKS_PER_HALF = 5;

    private HtmlReport() {}

    /** Writes the report for {@code result} to {@code file}; {@code title} heads it (e.g. the command line). */
    public static void write(Path file, String title, RunResult result) throws IOException {
        Files.writeString(file, render(title, result), StandardCharsets.UTF_8);
    }

    /** The report's HTML. */
    static String render(String title, RunResult result) {
        StringBuilder html = new StringBuilder(256 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
                        + "pre{background:#f4f4f4;padding:1em}canvas{margin-bottom:2em}</style>\n")
                .append("<script>\n")
                // A "</script" inside the library would end this element early; JS reads "<\/" as "</".
                .append(ChartJs.source().replace("</script", "<\\/script"))
                .append("\n</script>\n</head><body>\n<h1>ios bench</h1>\n<p>").append(escape(title)).append("</p>\n<pre>")
                .append(escape(result.summary().format()));
        if (result.checkFailure() != null) {
            html.append("check FAILED: ").append(escape(result.checkFailure())).append('\n');
        }
        html.append("</pre>\n<h2>Latency over time</h2>\n<canvas id=\"timeline\"></canvas>\n")
                .append("<h2>Latency by percentile</h2>\n<canvas id=\"percentiles\"></canvas>\n<script>\n")
                .append("const timeline = ").append(timelineJson(result)).append(";\n")
                .append("const percentiles = ").append(percentilesJson(result.latenciesNs())).append(";\n")
                .append(PLOTS)
                .append("</script>\n</body></html>\n");
        return html.toString();
    }

    /** {@code {"p50":[{x,y}...],"p99":[...],"max":[...]}}: seconds since start against milliseconds. */
    static String timelineJson(RunResult result) {
        StringBuilder p50 = new StringBuilder();
        StringBuilder p99 = new StringBuilder();
        StringBuilder max = new StringBuilder();
        for (TimelinePoint point : result.timeline()) {
            if (point.requests() - point.errors() == 0) {
                continue; // no successful request: no latency to plot
            }
            appendPoint(p50, point.endSeconds(), point.p50Ns() / 1e6);
            appendPoint(p99, point.endSeconds(), point.p99Ns() / 1e6);
            appendPoint(max, point.endSeconds(), point.maxNs() / 1e6);
        }
        return "{\"p50\":[" + p50 + "],\"p99\":[" + p99 + "],\"max\":[" + max + "]}";
    }

    /** {@code [{x: 1/(1-p), y: ms, p: percentile}...]} from the histogram's percentile iteration. */
    static String percentilesJson(Histogram latenciesNs) {
        StringBuilder points = new StringBuilder();
        if (latenciesNs.getTotalCount() > 0) {
            for (HistogramIterationValue value : latenciesNs.percentiles(PERCENTILE_TICKS_PER_HALF)) {
                double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0) {
                    break; // 1/(1-p) is infinite at 100 %; the maximum is in the summary
                }
                if (points.length() > 0) {
                    points.append(',');
                }
                points.append(String.format(Locale.ROOT, "{\"x\":%.6g,\"y\":%.6g,\"p\":%.6g}", 100.0 / (100.0 - percentile),
                        latenciesNs.highestEquivalentValue(value.getValueIteratedTo()) / 1e6, percentile));
            }
        }
        return "[" + points + "]";
    }

    private static void appendPoint(StringBuilder out, double x, double y) {
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(String.format(Locale.ROOT, "{\"x\":%.3f,\"y\":%.6g}", x, y));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String PLOTS = String.join("\n",
            "new Chart(document.getElementById('timeline'), {",
            "  type: 'line',",
            "  data: { datasets: [",
            "    { label: 'p50', data: timeline.p50 },",
            "    { label: 'p99', data: timeline.p99 },",
            "    { label: 'max', data: timeline.max } ] },",
            "  options: { animation: false, scales: {",
            "    x: { type: 'linear', title: { display: true, text: 'seconds since start' } },",
            "    y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } } } }",
            "});",
            "new Chart(document.getElementById('percentiles'), {",
            "  type: 'line',",
            "  data: { datasets: [ { label: 'latency', data: percentiles } ] },",
            "  options: { animation: false, scales: {",
            "    x: { type: 'logarithmic', title: { display: true, text: 'percentile' },",
            "         ticks: { callback: v => [1, 2, 10, 100, 1000, 10000, 100000, 1000000].includes(v)"
                    + " ? (100 - 100 / v).toPrecision(6).replace(/\\.?0+$/, '') + '%' : '' } },",
            "    y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } } },",
            "    plugins: { tooltip: { callbacks: { label: c => 'p' + c.raw.p + ': ' + c.raw.y + ' ms' } } } }",
            "});",
            "");
}
