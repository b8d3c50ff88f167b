package dev.ios.bench.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The main class of a server that {@code ios local} and {@code ios demo} start: it runs {@code
 * dev.ios.server.IosServerMain} with the given flags, and exits (a clean stop, through the server's
 * shutdown hook) as soon as its standard input ends — which happens when the parent process dies in
 * any way, {@code kill -9} included, because the operating system then closes the parent's end of
 * the pipe. So a local cluster never outlives the program that started it. The cluster benchmark
 * runs its SOFAJRaft peers the same way, naming their main class in {@link #MAIN_PROPERTY}.
 *
 * <p>Runs on the server's classpath plus bench's classes, and touches only the JDK itself, so it
 * adds no library to the server's JVM. The server is looked up by name because bench must not
 * depend on ios-server (the build enforces it).
 */
public final class ServerChild {

    /** The server's main class, run with the flags this program receives. */
    static final String SERVER_MAIN = "dev.ios.server.IosServerMain";

    /**
     * The system property naming another main class to run instead of {@link #SERVER_MAIN}: the
     * cluster benchmark's SOFAJRaft peers ({@code dev.ios.bench.sofajraft.JraftServerMain}).
     */
    static final String MAIN_PROPERTY = "ios.child.main";

    private ServerChild() {}

    /** Watches standard input on a daemon thread, then runs the server's main with {@code args}. */
    public static void main(String[] args) throws Throwable {
        Thread watch = new Thread(ServerChild::exitWhenParentGone, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            Class<?> main = Class.forName(System.getProperty(MAIN_PROPERTY, SERVER_MAIN));
            main.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOf(args, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentGone() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            // The parent never writes; anything it might is ignored. Only the end of the stream matters.
            while (in.read(buffer) >= 0) {
                continue;
            }
        } catch (IOException e) {
            // A broken pipe means the same as its end: the parent is gone.
        }
        System.err.println("ios local: the parent process is gone; stopping this server");
        System.exit(0);
    }
}
