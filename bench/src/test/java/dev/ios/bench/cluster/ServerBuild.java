package dev.ios.bench.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where bench's tests find the server to start: bench may not depend on ios-server, so its classes
 * and classpath come from the sibling module's build output ({@code ../ios-server/target/classes}
 * and {@code classpath.txt}), which the reactor writes before bench's tests run ({@code ./ios
 * test}). Without them the tests that need servers are skipped, saying so.
 */
public final class ServerBuild {

    private ServerBuild() {}

    /** The repository root: the parent of the bench module, where surefire runs the tests. */
    public static Path repositoryRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** The server's classpath, or the calling test is skipped (an assumption) if ios-server is not built. */
    public static String classpathOrSkip() throws IOException {
        Path target = repositoryRoot().resolve("ios-server").resolve("target");
        Path classes = target.resolve("classes");
        Path classpathFile = target.resolve("classpath.txt");
        assumeTrue(Files.isRegularFile(classes.resolve("dev/ios/server/IosServerMain.class")) && Files.isRegularFile(classpathFile),
                "ios-server is not built (no " + classes + " or " + classpathFile + "); build it first, e.g. ./ios test"
                        + " or ./mvnw -B -q -DskipTests package, to run the tests against real servers");
        return classes + File.pathSeparator + Files.readString(classpathFile).trim();
    }
}
