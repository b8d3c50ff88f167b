package dev.ios.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden protocol traces (STYLE.md §8.4): each file under {@code src/test/resources/scenarios}
 * is a script, a {@code ----} line, and the trace the simulator must print for it.
 * {@code -Dgolden.rewrite=true} rewrites the expected part from the actual one; review the diff
 * like code.
 */
class GoldenScenarios {

    private static final Path DIRECTORY = Path.of("src", "test", "resources", "scenarios");
    private static final String SEPARATOR = "----\n";

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DIRECTORY)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no scenario files in " + DIRECTORY.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int split = text.indexOf(SEPARATOR);
        String script = split < 0 ? text : text.substring(0, split);
        String expected = split < 0 ? "" : text.substring(split + SEPARATOR.length());
        String actual = String.join("\n", ScenarioScript.run(script)) + "\n";
        if (Boolean.getBoolean("golden.rewrite")) {
            Files.writeString(file, script + SEPARATOR + actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, actual, file + " differs (rewrite with -Dgolden.rewrite=true and review the diff)");
    }
}
