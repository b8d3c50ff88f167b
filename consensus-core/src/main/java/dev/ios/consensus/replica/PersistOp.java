package dev.ios.consensus.replica;

import dev.ios.consensus.storage.LogRecord;

/**
 * A change the core asks the runtime to make durable, in order. Each op has a sequence number;
 * the runtime reports nothing back per op, but it must release {@link Output#sendAfterPersist()}
 * messages only once every op up to {@link Output#persistSeq()} is durable.
 */
public sealed interface PersistOp {

    /** This op's sequence number: 1, 2, 3, ... per replica incarnation. */
    long seq();

    /** Replace the view file with {@code view} ({@code ViewStore.save}). */
    record SaveView(long seq, long view) implements PersistOp {}

    /** Write {@code record}, replacing any record at its index ({@code LogStore.append}). */
    record Append(long seq, LogRecord record) implements PersistOp {}

    /** Records below {@code beforeIndex} are covered by a snapshot ({@code LogStore.discardBefore}). */
    record DiscardBefore(long seq, long beforeIndex) implements PersistOp {}
}
