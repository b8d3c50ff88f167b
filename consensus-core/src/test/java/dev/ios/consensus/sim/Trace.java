package dev.ios.consensus.sim;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Receives one line per protocol-level event of a simulation (our own format, never log text):
 * {@code <time> <what>}. Used for golden scenarios and to explain a failing seed.
 */
public interface Trace {

    /** Discards everything. */
    Trace NONE = (time, line) -> {};

    /** One event at simulated time {@code time}. */
    void line(long time, String line);

    /** A trace that keeps the last {@code max} lines in memory. */
    static Recording recording(int max) {
        return new Recording(max);
    }

    /** Keeps the last lines, for printing when a seed fails. */
    final class Recording implements Trace {
        private final int max;
        private final ArrayDeque<String> lines = new ArrayDeque<>();

        Recording(int max) {
            this.max = max;
        }

        @Override
        public void line(long time, String line) {
            if (lines.size() == max) {
                lines.removeFirst();
            }
            lines.add(time + " " + line);
        }

        /** The kept lines, oldest first. */
        public List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
