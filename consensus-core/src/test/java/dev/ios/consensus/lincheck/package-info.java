/**
 * A linearizability checker for client histories, shared through consensus-core's test-jar.
 *
 * <p>Record a history with {@link dev.ios.consensus.lincheck.HistoryRecorder} (or build {@link
 * dev.ios.consensus.lincheck.Operation}s directly), then check it:
 *
 * <pre>{@code
 * var result = Linearizability.check(recorder.history(), KvModel.INSTANCE);
 * assertTrue(result.ok(), () -> "seed=" + seed + "\n" + result.explain());
 * }</pre>
 *
 * <p>{@link dev.ios.consensus.lincheck.KvModel} specifies Ios's key-value store; implement
 * {@link dev.ios.consensus.lincheck.Model} for any other state machine.
 */
package dev.ios.consensus.lincheck;
