package dev.ios.bench;

import java.io.PrintStream;

/**
 * The classpaths of the servers that programs start, from system properties the launcher sets: Ios's
 * ({@code ios.server.classpath}) and, for the cluster benchmark's comparison, SOFAJRaft's peers'
 * ({@code ios.sofajraft.classpath}, module bench/sofajraft) and Apache Ratis's peers' ({@code
 * ios.ratis.classpath}, module bench/ratis).
 */
public final class ServerClasspath {

    /** The system property {@code ./ios} sets to the server's classes and dependencies. */
    public static final String PROPERTY = "ios.server.classpath";

    /** The system property {@code ./ios} sets to bench/sofajraft's classes and dependencies. */
    public static final String SOFAJRAFT_PROPERTY = "ios.sofajraft.classpath";

    /** The system property {@code ./ios} sets to bench/ratis's classes and dependencies. */
    public static final String RATIS_PROPERTY = "ios.ratis.classpath";

    private ServerClasspath() {}

    /** The classpath, or null after telling {@code err} why there is none. */
    public static String orExplain(String program, PrintStream err) {
        return orExplain(PROPERTY, "the server's", program, err);
    }

    /** The SOFAJRaft peers' classpath, or null after telling {@code err} why there is none. */
    public static String sofajraftOrExplain(String program, PrintStream err) {
        return orExplain(SOFAJRAFT_PROPERTY, "the SOFAJRaft servers'", program, err);
    }

    /** The Ratis peers' classpath, or null after telling {@code err} why there is none. */
    public static String ratisOrExplain(String program, PrintStream err) {
        return orExplain(RATIS_PROPERTY, "the Ratis servers'", program, err);
    }

    private static String orExplain(String property, String whose, String program, PrintStream err) {
        String classpath = System.getProperty(property, "");
        if (classpath.isBlank()) {
            err.println(program + ": " + whose + " classpath is unknown (system property " + property + " is not set);"
                    + " run it as ./ios " + program.replace("ios ", "") + ", which builds the servers and sets it");
            return null;
        }
        return classpath;
    }
}
