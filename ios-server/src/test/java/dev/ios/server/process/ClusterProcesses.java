package dev.ios.server.process;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N real Ios servers, each its own JVM ({@code IosServerMain}) on 127.0.0.1 with ports picked free,
 * data under a temporary directory, and logs in {@code server-<id>.log} there. {@link #kill} is
 * {@code kill -9} ({@code destroyForcibly} sends SIGKILL on Linux).
 */
final class ClusterProcesses implements AutoCloseable {

    final Path dir;
    final int[] peerPorts;
    final int[] clientPorts;
    final int[] restPorts;
    private final Process[] processes;
    private final Path addressFile;
    private final Path serverFile;

    /** Writes the address file and a server config with {@code algorithmSettings} (Ios's sections). */
    ClusterProcesses(Path dir, int servers, String algorithmSettings) throws IOException {
        this.dir = dir;
        this.peerPorts = new int[servers];
        this.clientPorts = new int[servers];
        this.processes = new Process[servers];
        this.restPorts = new int[servers];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) {
                peerPorts[i] = freePort(held);
                clientPorts[i] = freePort(held);
                restPorts[i] = freePort(held);
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        StringBuilder addresses = new StringBuilder("[servers]\n");
        for (int i = 0; i < servers; i++) {
            addresses.append("address = 127.0.0.1:").append(peerPorts[i]).append(':').append(clientPorts[i]).append('\n');
        }
        addressFile = Files.writeString(dir.resolve("addresses.conf"), addresses.toString());
        serverFile = Files.writeString(dir.resolve("server.conf"), algorithmSettings);
    }

    private static int freePort(List<ServerSocket> held) throws IOException {
        ServerSocket socket = new ServerSocket(0);
        held.add(socket);
        return socket.getLocalPort();
    }

    /** Starts server {@code id} (again, after a kill), with REST on {@code restPort} if > 0. */
    void start(int id, int restPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Dios.home=" + dir,
                "dev.ios.server.IosServerMain",
                "-id", Integer.toString(id),
                "-config", addressFile.toString(),
                "-algorithm", serverFile.toString(),
                "-disk", dir.resolve("data-" + id).toString()));
        if (restPort > 0) {
            command.add("--rest-port");
            command.add(Integer.toString(restPort));
        }
        File log = dir.resolve("server-" + id + ".log").toFile();
        processes[id] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    void start(int id) throws IOException {
        start(id, 0);
    }

    /** kill -9. */
    void kill(int id) throws InterruptedException {
        Process p = processes[id];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            processes[id] = null;
        }
    }

    boolean alive(int id) {
        return processes[id] != null && processes[id].isAlive();
    }

    /** The log of server {@code id} so far (for failure messages and checks). */
    String log(int id) throws IOException {
        Path log = dir.resolve("server-" + id + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        for (int id = 0; id < processes.length; id++) {
            kill(id);
        }
    }
}
