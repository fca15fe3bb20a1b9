package dev.headshots.ingest.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.headshots.ingest.support.ServiceProcess;

/**
 * One of the two service instances of a chaos run, across its restarts: a packaged {@link ServiceProcess} on a fixed port,
 * consuming the run's own topic in the run's own group, submitting to the simulator and handing out callback URLs on its own
 * address. Each start is a new generation with a new instance id ({@code chaos-a-1}, then {@code chaos-a-2}, with a per-run
 * suffix so that no claim left by an earlier run carries the same name).
 */
final class Instance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Map<String, String> properties;
    private final String run;
    private int generation;
    private ServiceProcess process;

    Instance(String name, int port, Map<String, String> properties, String run) {
        this.name = name;
        this.port = port;
        this.properties = properties;
        this.run = run;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** The instance id of the current (or last) generation. */
    String id() {
        return "chaos-" + name + "-" + generation + "-" + run;
    }

    String authority() {
        return "localhost:" + port;
    }

    /** Starts the next generation and waits until it is ready. */
    void start() {
        generation++;
        Map<String, String> all = new HashMap<>(properties);
        all.put("headshots.public-base-url", "http://" + authority());
        all.putAll(Copies.instanceProperties(id()));
        process = new ServiceProcess(port, all, Path.of("target/chaos/instance-" + name + ".log"));
        process.start();
    }

    /** SIGKILL, as a crash or an OOM kill; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.kill();
    }

    boolean ready() {
        return get("/q/health/ready").map(response -> response.statusCode() == 200).orElse(false);
    }

    boolean notReady() {
        return get("/q/health/ready").map(response -> response.statusCode() == 503).orElse(false);
    }

    /**
     * The samples of {@code series} by the value of their label {@code label} (e.g. {@code reason}), summed over the other
     * labels; empty when the series has no sample yet (a labelled counter appears once first incremented).
     */
    Map<String, Double> samples(String series, String label) {
        String text = get("/q/metrics").filter(response -> response.statusCode() == 200).map(HttpResponse::body)
                .orElseThrow(() -> new IllegalStateException("no metrics from " + authority()));
        Pattern value = Pattern.compile(Pattern.quote(label) + "=\"([^\"]*)\"");
        Map<String, Double> samples = new TreeMap<>();
        text.lines().filter(line -> line.startsWith(series + "{")).forEach(line -> {
            Matcher matcher = value.matcher(line);
            samples.merge(matcher.find() ? matcher.group(1) : "", Double.parseDouble(line.substring(line.lastIndexOf(' ')
                    + 1)), Double::sum);
        });
        return samples;
    }

    /** Gives {@code tenant} a signing secret through the admin API, so that its notifications are sent (signed). */
    void createSigningSecret(String tenant) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + authority()
                + "/admin/v1/tenants/" + tenant + "/signing-secrets")).header("X-Admin-Key", "test-admin-key")
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("no signing secret for " + tenant + ": " + answer.statusCode());
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://" + authority() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Keeps this instance's {@code /q/metrics} as {@code target/chaos/metrics-<name>-<moment>.txt}, for a post-mortem. */
    void saveMetrics(String moment) {
        get("/q/metrics").filter(response -> response.statusCode() == 200).ifPresent(response -> {
            try {
                Files.writeString(Path.of("target/chaos/metrics-" + name + "-" + moment + ".txt"), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}
