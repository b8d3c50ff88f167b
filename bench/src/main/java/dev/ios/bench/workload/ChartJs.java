package dev.ios.bench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The Chart.js library's source, read from its WebJar ({@code org.webjars.npm:chart.js}) on the
 * class path, so a report can inline it and open without a network.
 */
final class ChartJs {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private ChartJs() {}

    /** The WebJar's version, e.g. {@code 4.5.1}. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES + ": " + e, e);
        }
        return properties.getProperty("version");
    }

    /** The minified UMD bundle (it defines the global {@code Chart}). */
    static String source() {
        String path = "META-INF/resources/webjars/chart.js/" + version() + "/dist/chart.umd.min.js";
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e, e);
        }
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = ChartJs.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException(path + " is not on the class path (the org.webjars.npm:chart.js dependency is missing)");
        }
        return in;
    }
}
