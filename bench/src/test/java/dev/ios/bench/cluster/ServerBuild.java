package dev.ios.bench.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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

    /**
     * bench/sofajraft's classpath (its classes and dependencies, from its build output), or the calling
     * test is skipped if that module is not built.
     */
    public static String sofajraftClasspathOrSkip() throws IOException {
        return peerClasspathOrSkip("sofajraft", "dev/ios/bench/sofajraft/JraftServerMain.class");
    }

    /**
     * bench/ratis's classpath (its classes and dependencies, from its build output), or the calling test
     * is skipped if that module is not built.
     */
    public static String ratisClasspathOrSkip() throws IOException {
        return peerClasspathOrSkip("ratis", "dev/ios/bench/ratis/RatisServerMain.class");
    }

    /** bench/{@code module}'s classpath, or the calling test is skipped unless {@code mainClassFile} is built. */
    private static String peerClasspathOrSkip(String module, String mainClassFile) throws IOException {
        Path target = repositoryRoot().resolve("bench").resolve(module).resolve("target");
        Path classes = target.resolve("classes");
        Path classpathFile = target.resolve("classpath.txt");
        assumeTrue(Files.isRegularFile(classes.resolve(mainClassFile)) && Files.isRegularFile(classpathFile),
                "bench/" + module + " is not built (no " + classes + " or " + classpathFile + "); build it first, e.g. ./ios test");
        return classes + File.pathSeparator + Files.readString(classpathFile).trim();
    }

    /**
     * The command that runs {@code main} of bench in a JVM of its own, as {@code ./ios} would: this
     * test JVM's classpath, the server classpath and repository root as system properties, a small
     * serial-GC heap of {@code heap} (e.g. {@code "-Xmx256m"}), then {@code args}.
     */
    public static List<String> benchCommand(String serverClasspath, String heap, Class<?> main, List<String> args) {
        return benchCommand(serverClasspath, "", heap, main, args);
    }

    /** As {@link #benchCommand(String, String, Class, List)}, with bench/sofajraft's classpath too. */
    public static List<String> benchCommand(String serverClasspath, String sofajraftClasspath, String heap, Class<?> main,
                                            List<String> args) {
        return benchCommand(serverClasspath, sofajraftClasspath, "", heap, main, args);
    }

    /** As {@link #benchCommand(String, String, Class, List)}, with bench/sofajraft's and bench/ratis's classpaths too. */
    public static List<String> benchCommand(String serverClasspath, String sofajraftClasspath, String ratisClasspath,
                                            String heap, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC",
                "-D" + dev.ios.bench.ServerClasspath.PROPERTY + "=" + serverClasspath,
                "-D" + dev.ios.bench.ServerClasspath.SOFAJRAFT_PROPERTY + "=" + sofajraftClasspath,
                "-D" + dev.ios.bench.ServerClasspath.RATIS_PROPERTY + "=" + ratisClasspath,
                "-Dios.home=" + repositoryRoot(),
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * A base port whose client, peer and REST ports for 3 servers (base+i, base+10+i, base+20+i)
     * are free right now, below Linux's ephemeral range (32768 and up), where outgoing connections
     * take ports.
     */
    public static int freeBasePort() {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = random.nextInt(20_000, 32_700);
            if (ClusterLayout.fromBase(3, base).busyPorts().isEmpty()
                    && ClusterLayout.fromBase(3, base + 20).busyPorts().isEmpty()) {
                return base;
            }
        }
        throw new IllegalStateException("no free base port in 100 attempts");
    }
}
