package dev.headshots.ingest.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The packaged service as a separate OS process (the JVM jar, or the native executable after -Pnative), so that a test can kill
 * it with SIGKILL and start it again. It runs with the {@code test} profile on the local stack.
 */
public final class ServiceProcess implements AutoCloseable {

    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    public ServiceProcess(int port, Map<String, String> properties, Path log) {
        this.port = port;
        this.properties = properties;
        this.log = log;
    }

    public String baseUri() {
        return "http://localhost:" + port;
    }

    /** Starts the process and waits until it reports ready. */
    public void start() {
        List<String> command = new ArrayList<>();
        Path artifact = builtArtifact();
        boolean jar = artifact.toString().endsWith(".jar");
        if (jar) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        } else {
            command.add(artifact.toString());
        }
        command.add("-Dquarkus.profile=test");
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (jar) {
            command.addAll(List.of("-jar", artifact.toString()));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> process.isAlive() && status("/q/health/ready") == 200);
    }

    /**
     * What the last build produced, as Quarkus records it in {@code target/quarkus-artifact.properties}: the JVM jar, or the
     * native executable after {@code -Pnative}. A stale artifact of the other kind is never picked up.
     */
    private static Path builtArtifact() {
        Properties built = new Properties();
        try (var in = Files.newInputStream(Path.of("target/quarkus-artifact.properties"))) {
            built.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("package the application first (./mvnw verify)", e);
        }
        return Path.of("target").resolve(built.getProperty("path"));
    }

    /** Kills the process with SIGKILL, as a crash or an OOM kill would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private int status(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUri() + path).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
