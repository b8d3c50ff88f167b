package dev.ios.server;

import dev.ios.config.ClusterConfig;
import dev.ios.config.ConfigException;
import dev.ios.consensus.storage.StorageException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ios server}: one Ios server, with Ios's flags. Exit status: 0 after a clean stop
 * (SIGTERM or Ctrl-C), 1 if it halted (storage failure, corrupt data directory), 2 for a bad flag
 * or config file (one line naming the file, line and key).
 */
@Command(name = "ios server", mixinStandardHelpOptions = true, version = "Ios for Java 0.1.0-SNAPSHOT",
        description = "Runs one Ios server: the replicated key-value store on its client port (plain and Ios JSON lines), "
                + "its peers on the peer port, and optionally REST.",
        sortOptions = false)
public final class IosServerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IosServerMain.class);

    @Option(names = "-id", required = true, description = "This server's id: its line in the address file, from 0.")
    int id;

    @Option(names = "-config", description = "Address file: one 'address = host:peerPort:clientPort' per server "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "configs/example.conf")
    Path addresses;

    @Option(names = "-algorithm", description = "Server config: [algorithm], [performance], [application], [unsafe] "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "configs/simple/server.conf")
    Path algorithm;

    @Option(names = "-disk", description = "Data directory for the view, log and snapshot files (default: data/<id>).")
    Path disk;

    @Option(names = "-listen-peers", description = "host:port to listen on for peers (default: the address file's peer port).")
    String listenPeers;

    @Option(names = "-listen-clients", description = "host:port to listen on for clients (default: the address file's client port).")
    String listenClients;

    @Option(names = "--rest-port", description = "Serve REST on this port (default: off, or the config's restBasePort + id).",
            defaultValue = "0")
    int restPort;

    /** Runs the command line; exits with the status described above. */
    public static void main(String[] args) {
        LeakDetection.offUnlessAsked();
        System.exit(new CommandLine(new IosServerMain()).execute(args));
    }

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty("ios.home", "."));
        ClusterConfig cluster;
        try {
            cluster = ClusterConfig.read(home.resolve(algorithm), home.resolve(addresses));
        } catch (ConfigException e) {
            System.err.println("ios server: " + e.getMessage());
            return 2;
        }
        int servers = cluster.addresses().servers().size();
        if (id < 0 || id >= servers) {
            System.err.println("ios server: -id " + id + " is not in 0.." + (servers - 1) + " (" + addresses + " lists "
                    + servers + " servers)");
            return 2;
        }
        if (!cluster.server().application().configName().equals("kv-store")) {
            System.err.println("ios server: application '" + cluster.server().application().configName()
                    + "' is not served yet; use 'kv-store'");
            return 2;
        }
        InetSocketAddress peers;
        InetSocketAddress clients;
        try {
            peers = listenPeers == null ? null : hostPort(listenPeers);
            clients = listenClients == null ? null : hostPort(listenClients);
        } catch (IllegalArgumentException e) {
            System.err.println("ios server: " + e.getMessage());
            return 2;
        }
        int rest = restPort > 0 ? restPort
                : cluster.server().extensions().restBasePort() > 0 ? cluster.server().extensions().restBasePort() + id : 0;
        Path dataDir = disk != null ? disk : home.resolve("data").resolve(Integer.toString(id));
        CountDownLatch halted = new CountDownLatch(1);
        String[] haltReason = new String[1];
        IosServer server;
        try {
            server = new IosServer(cluster, id, dataDir, peers, clients, rest, why -> {
                haltReason[0] = why;
                halted.countDown();
            });
        } catch (StorageException e) {
            System.err.println("ios server: cannot start from " + dataDir + ": " + e.getMessage());
            return 1;
        }
        LOG.info("server={} event=started data={} clientPort={} rest={}", id, dataDir, server.clientPort(),
                rest > 0 ? rest : "off");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("server={} event=stopping", id);
            server.close();
        }, "ios-shutdown"));
        try {
            halted.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("server={} event=halted reason=\"{}\"", id, haltReason[0]);
        return 1;
    }

    private static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port");
        }
    }
}
