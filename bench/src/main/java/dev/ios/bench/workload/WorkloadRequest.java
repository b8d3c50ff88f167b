package dev.ios.bench.workload;

/**
 * One request of a workload, as Ios's generator makes it.
 *
 * @param command {@code get <key>} or {@code update <key> <value>}
 * @param readOnly true for a {@code get}
 * @param delayMs how long to wait before sending it (Ios draws it from {@code [0, interval)})
 */
public record WorkloadRequest(String command, boolean readOnly, int delayMs) {}
