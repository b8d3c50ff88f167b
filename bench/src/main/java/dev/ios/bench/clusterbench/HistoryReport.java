package dev.ios.bench.clusterbench;

import dev.ios.bench.workload.History;
import dev.ios.bench.workload.HistoryCheck;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --check}'s verdict: runs {@link HistoryCheck} on a run's history and prints {@code PASS}, or
 * {@code FAIL} with the violations and every operation on the first violating key, so a failure can
 * be read without a debugger.
 */
final class HistoryReport {

    /** The most operations of one key printed after a FAIL. */
    static final int KEY_OPERATIONS_MAX = 60;

    private static final Pattern READ_KEY = Pattern.compile(" get (\\S+) -> ");

    private HistoryReport() {}

    /** Checks {@code history}, prints the verdict as {@code #} lines to {@code out}, returns {@code PASS} or {@code FAIL}. */
    static String checkAndPrint(History history, PrintStream out) {
        List<History.Operation> operations = history.operations();
        List<String> violations = HistoryCheck.violations(operations);
        out.printf("# check of %d operations: %s%n", operations.size(), violations.isEmpty() ? "PASS" : "FAIL");
        for (String violation : violations) {
            out.println("#   " + violation);
        }
        if (!violations.isEmpty()) {
            printKey(operations, violations.get(0), out);
        }
        return violations.isEmpty() ? "PASS" : "FAIL";
    }

    private static void printKey(List<History.Operation> operations, String violation, PrintStream out) {
        Matcher matcher = READ_KEY.matcher(violation);
        if (!matcher.find()) {
            return;
        }
        String key = matcher.group(1);
        List<History.Operation> ops = operations.stream().filter(op -> op.key().equals(key))
                .sorted(Comparator.comparingLong(History.Operation::invokeNs)).toList();
        long originNs = ops.isEmpty() ? 0 : ops.get(0).invokeNs();
        out.printf("#   every operation on %s (us from its first; worker = client index, the read-back's from 0 too):%n", key);
        for (History.Operation op : ops.subList(0, Math.min(KEY_OPERATIONS_MAX, ops.size()))) {
            String value = op.value().length() > 24 ? op.value().substring(0, 24) + "..." : op.value();
            out.printf("#     %10.1f .. %10.1f  worker %d %s %s %s%n", (op.invokeNs() - originNs) / 1e3,
                    (op.completeNs() - originNs) / 1e3, op.worker(), op.write() ? "update" : "get", value, op.outcome());
        }
    }
}
