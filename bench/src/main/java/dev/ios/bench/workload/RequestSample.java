package dev.ios.bench.workload;

/**
 * What the runner records for one request: one row of {@code latency.csv} plus its outcome.
 *
 * @param startUnixNs when the request was sent, in nanoseconds since the Unix epoch (Ios's first column)
 * @param requestId the client's RequestID
 * @param latencyNs from sending until the answer (or until the runner gave up), in nanoseconds
 * @param tries failed attempts before the last one (0 if the first attempt succeeded)
 * @param readOnly whether it was a read
 * @param outcome how it ended
 */
public record RequestSample(long startUnixNs, long requestId, long latencyNs, int tries, boolean readOnly,
                            Outcome outcome) {}
