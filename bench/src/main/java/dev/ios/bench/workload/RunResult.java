package dev.ios.bench.workload;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measured.
 *
 * @param summary the totals and percentiles
 * @param latenciesNs every successful request's latency (for the percentile plot)
 * @param timeline one point per progress interval (for the latency-over-time plot)
 * @param checkFailure with {@code -check}, the first response that differed from the model; else null
 * @param workersStuck workers that had not stopped when the run's time bound was reached (0 normally)
 */
public record RunResult(LatencySummary summary, Histogram latenciesNs, List<TimelinePoint> timeline,
                        String checkFailure, int workersStuck) {}
