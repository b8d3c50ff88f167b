package dev.ios.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is one self-contained file holding both plots and their data. */
class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void writesBothPlotsWithTheirDataAndTheLibraryInline() throws Exception {
        Histogram latencies = new Histogram(3);
        for (long us = 1; us <= 1_000; us++) {
            latencies.recordValue(us * 1_000);
        }
        List<TimelinePoint> timeline = List.of(
                new TimelinePoint(1.0, 600, 0, 400_000, 950_000, 990_000),
                new TimelinePoint(2.0, 400, 0, 600_000, 990_000, 1_000_000),
                new TimelinePoint(3.0, 5, 5, 0, 0, 0));
        LatencySummary summary = LatencySummary.of(latencies, 1_005, 5, 0, 3_000_000_000L);
        Path file = dir.resolve("out.html");

        HtmlReport.write(file, "ios bench <test>", new RunResult(summary, latencies, timeline, null, 0));

        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(html.contains("Chart.js v" + ChartJs.version()), "Chart.js is inlined");
        assertFalse(html.contains("<script src"), "nothing is loaded from elsewhere");
        assertTrue(html.contains("ios bench &lt;test&gt;"), "the title is escaped");
        assertTrue(html.contains("<canvas id=\"timeline\">") && html.contains("<canvas id=\"percentiles\">"));
        assertTrue(html.contains("getElementById('timeline')") && html.contains("getElementById('percentiles')"));
        // Timeline: both seconds with successes, p50 in ms; the all-errors second has no latency to plot.
        assertTrue(html.contains("\"p50\":[{\"x\":1.000,\"y\":0.400000},{\"x\":2.000,\"y\":0.600000}]"), html.substring(html.indexOf("const timeline")));
        // Percentiles: from 0 past 99 %, the median at x = 1/(1-0.5) = 2 near 0.5 ms, latency never falling.
        String percentiles = HtmlReport.percentilesJson(latencies);
        assertTrue(percentiles.contains("{\"x\":2.00000,\"y\":0.500223,\"p\":50.0000}"), percentiles);
        Matcher point = Pattern.compile("\\{\"x\":([^,]+),\"y\":([^,]+),\"p\":([^}]+)}").matcher(percentiles);
        double yLast = 0;
        double pLast = -1;
        while (point.find()) {
            double y = Double.parseDouble(point.group(2));
            double p = Double.parseDouble(point.group(3));
            assertTrue(y >= yLast && p > pLast, percentiles);
            assertEquals(100 / (100 - p), Double.parseDouble(point.group(1)), 1e-3 * Double.parseDouble(point.group(1)));
            yLast = y;
            pLast = p;
        }
        assertTrue(pLast >= 99.9, "the plot reaches p99.9: " + percentiles);
        assertTrue(html.contains("const percentiles = " + percentiles));
        assertTrue(html.contains(summary.format().lines().findFirst().orElseThrow()), "the summary is in the report");
    }
}
