package dev.ios.consensus.message;

import dev.ios.consensus.entry.Entry;

/** An entry as a server holds it: the index, the view it was accepted in, and the entry. */
public record Accepted(long index, long view, Entry entry) {}
