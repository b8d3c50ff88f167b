package dev.ios.bench.workload;

/**
 * The latencies of one progress interval (a second by default), for the latency-over-time plot.
 * Latencies are of the interval's successful requests, in nanoseconds; all 0 if there were none.
 *
 * @param endSeconds when the interval ended, in seconds since the run started
 * @param requests requests that ended in the interval
 * @param errors of those, how many failed
 * @param p50Ns median latency
 * @param p99Ns 99th percentile
 * @param maxNs the largest
 */
public record TimelinePoint(double endSeconds, long requests, long errors, long p50Ns, long p99Ns, long maxNs) {}
