package dev.ios.bench;

import java.io.PrintStream;

/** The servers' classpath for the programs that start servers, from the launcher's {@code ios.server.classpath}. */
public final class ServerClasspath {

    /** The system property {@code ./ios} sets to the server's classes and dependencies. */
    public static final String PROPERTY = "ios.server.classpath";

    private ServerClasspath() {}

    /** The classpath, or null after telling {@code err} why there is none. */
    public static String orExplain(String program, PrintStream err) {
        String classpath = System.getProperty(PROPERTY, "");
        if (classpath.isBlank()) {
            err.println(program + ": the server's classpath is unknown (system property " + PROPERTY + " is not set);"
                    + " run it as ./ios " + program.replace("ios ", "") + ", which builds the server and sets it");
            return null;
        }
        return classpath;
    }
}
