package dev.headshots.ingest.chaos;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.Photos;

/**
 * The continuous stream of a chaos run: one {@code POST /v1/headshots} (one small photo and a {@code notify_url},
 * {@code X-Api-Key}) every {@code every}, to the instances in turn, whatever is happening to them. Requests are asynchronous,
 * so a stalled instance does not slow the pace. Each outcome is kept: the status (-1 when there was no answer) and, for a 202,
 * the job's id.
 */
final class Submitter implements AutoCloseable {

    /** One submission: which one it was, where it went, its status, and the job id Runflow gave it (202 only). */
    record Submission(int number, String authority, int status, Optional<UUID> id) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "chaos-boundary";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Instance> instances;
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<Integer, Submission> outcomes = new ConcurrentSkipListMap<>();
    private final List<CompletableFuture<?>> inFlight = new CopyOnWriteArrayList<>();

    private final String notifyUrl;

    /** Submits to {@code instances}, each job with {@code notifyUrl} as its own notify URL. */
    Submitter(List<Instance> instances, String notifyUrl) {
        this.instances = instances;
        this.notifyUrl = notifyUrl;
    }

    void start(Duration every) {
        timer.scheduleAtFixedRate(this::submitNext, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops submitting and waits for the answers of the submissions already sent. */
    void stop() {
        timer.shutdownNow();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }

    int sent() {
        return sent.get();
    }

    List<Submission> outcomes() {
        return List.copyOf(outcomes.values());
    }

    /** Ids of the jobs Runflow took, in submission order. */
    List<UUID> jobIds() {
        return outcomes.values().stream().flatMap(submission -> submission.id().stream()).toList();
    }

    /** Ids of the jobs taken from submission {@code number} on. */
    List<UUID> jobIdsFrom(int number) {
        return outcomes.values().stream().filter(submission -> submission.number() >= number)
                .flatMap(submission -> submission.id().stream()).toList();
    }

    private void submitNext() {
        int number = sent.incrementAndGet();
        Instance instance = instances.get(number % instances.size());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + instance.authority() + "/v1/headshots"))
                .timeout(Duration.ofSeconds(20)).header("X-Api-Key", Jobs.API_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form(number))).build();
        CompletableFuture<?> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> outcomes.put(number, new Submission(number, instance.authority(),
                        response == null ? -1 : response.statusCode(), jobId(response))));
        inFlight.add(answer);
        answer.whenComplete((ignored, error) -> inFlight.remove(answer));
    }

    private static Optional<UUID> jobId(HttpResponse<String> response) {
        if (response == null || response.statusCode() != 202) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(JSON.readTree(response.body()).get("headshots_id").asText()));
        } catch (Exception e) {
            return Optional.empty(); // a 202 without an id: the run reports it as an anomaly
        }
    }

    private byte[] form(int seed) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"notify_url\"\r\n\r\n" + notifyUrl
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"me.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(Photos.jpeg(seed));
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
