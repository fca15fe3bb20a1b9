package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Answers {@code POST /api/v1/images/generate-headshots} as Runflow does: 401 without the right {@code x-api-key}, the
 * {@link SubmissionValidator}'s refusal for a bad body, the job's {@code submissionStatus} fault if it has one, and otherwise
 * 200 with {@code {"headshots_id": "<uuid>", "status": "processing"}} ({@code "id"} with the {@code idField} setting) after
 * registering the job and handing it to {@code onAccepted}, which completes it later. Every request counts as a submission.
 */
final class SubmitHandler implements HttpHandler {

    static final String PATH = "/api/v1/images/generate-headshots";

    private final SimulatorSettings settings;
    private final SubmissionValidator validator;
    private final Jobs jobs;
    private final Consumer<SimulatedJob> onAccepted;

    SubmitHandler(SimulatorSettings settings, Jobs jobs, Consumer<SimulatedJob> onAccepted) {
        this.settings = settings;
        this.validator = new SubmissionValidator(settings.maxPhotos(), settings.maxPhotoBytes());
        this.jobs = jobs;
        this.onAccepted = onAccepted;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        jobs.countSubmission();
        try {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                throw new Rejection(404, "not found");
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                throw new Rejection(405, "method not allowed");
            }
            submit(exchange);
        } catch (Rejection rejection) {
            settings.log().accept("submission refused: " + rejection.status() + " " + rejection.getMessage());
            Replies.error(exchange, rejection.status(), rejection.getMessage());
        } catch (RuntimeException e) {
            settings.log().accept("submission failed inside the simulator: " + e);
            Replies.error(exchange, 500, "internal simulator error: " + e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void submit(HttpExchange exchange) throws IOException {
        if (!keyMatches(exchange.getRequestHeaders().getFirst("x-api-key"))) {
            throw new Rejection(401, "invalid api key");
        }
        SubmissionValidator.Submission submission = validator.validate(exchange.getRequestHeaders().getFirst("Content-Type"),
                readBody(exchange.getRequestBody()));
        Faults faults = jobs.takeFaults(settings.imagesPerJob());
        if (faults.submissionStatus() != 0) {
            throw new Rejection(faults.submissionStatus(), "simulated failure: the service is unavailable, try again later");
        }
        hold(faults.submissionDelay());
        SimulatedJob job = new SimulatedJob(UUID.randomUUID(), submission.callbackUrl(),
                submission.photos().stream().map(Digests::sha256).toList(), faults, settings.imagesPerJob());
        jobs.add(job);
        settings.log().accept("job " + job.id() + " submitted: " + job.photoCount() + " photo(s), callback to "
                + job.callbackUrl().getScheme() + "://" + job.callbackUrl().getAuthority());
        Replies.json(exchange, 200, Json.object(settings.idField() || faults.idField() ? "id" : "headshots_id", job.id(),
                "status", "processing"));
        onAccepted.accept(job);
    }

    /** Holds this request's own thread; other requests are served by other threads meanwhile. */
    private static void hold(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while holding a submission", e);
        }
    }

    private boolean keyMatches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.apiKey().getBytes(StandardCharsets.UTF_8));
    }

    private byte[] readBody(InputStream in) throws IOException {
        long max = validator.maxBodyBytes();
        byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
        if (body.length > max) {
            throw new Rejection(422, "the request body exceeds " + max + " bytes: at most " + settings.maxPhotos()
                    + " images of " + settings.maxPhotoBytes() + " bytes are allowed");
        }
        return body;
    }
}
