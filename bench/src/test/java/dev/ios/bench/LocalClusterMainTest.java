package dev.ios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ios.bench.cluster.ClusterLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ios local}'s refusals, which start no server: a busy port, no server classpath, a bad N; and the address file scheme. */
class LocalClusterMainTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final String classpathBefore = System.getProperty(ServerClasspath.PROPERTY);

    @AfterEach
    void restore() {
        if (classpathBefore == null) {
            System.clearProperty(ServerClasspath.PROPERTY);
        } else {
            System.setProperty(ServerClasspath.PROPERTY, classpathBefore);
        }
    }

    int local(String... args) {
        return LocalClusterMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void aBusyPortIsNamedAndNothingStarts() throws Exception {
        System.setProperty(ServerClasspath.PROPERTY, "unused: refused before any server starts");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(ClusterLayout.HOST))) {
            int port = taken.getLocalPort();
            // Server 1's client port is base + 1.
            assertEquals(LocalClusterMain.EXIT_USAGE, local("3", "--base-port", Integer.toString(port - 1), "--data", dir.toString()));
            assertTrue(err.toString().contains(port + " (server 1's client port)"), err.toString());
            assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void withoutTheServerClasspathItSaysHowToRunIt() {
        System.clearProperty(ServerClasspath.PROPERTY);

        assertEquals(LocalClusterMain.EXIT_USAGE, local("3", "--data", dir.toString()));
        assertTrue(err.toString().contains("./ios local"), err.toString());
    }

    @Test
    void badServerCountIsRefused() {
        System.setProperty(ServerClasspath.PROPERTY, "unused");

        assertEquals(LocalClusterMain.EXIT_USAGE, local("0", "--data", dir.toString()));
        assertTrue(err.toString().contains("1 to 64 servers"), err.toString());
    }

    @Test
    void addressesFollowExample3() {
        ClusterLayout layout = ClusterLayout.fromBase(3, 8080);

        assertTrue(layout.addressFileText().endsWith("[servers]\naddress = 127.0.0.1:8090:8080\naddress = 127.0.0.1:8091:8081\n"
                + "address = 127.0.0.1:8092:8082\n"), layout.addressFileText());
    }
}
