package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Runflow's runs platform, under {@code /v1/}, each call with {@code Authorization: Bearer <key>} (else 401):
 * <ul>
 * <li>{@code POST /v1/models/{model}/runs} with JSON {@code {"input": {"input_images": [urls]}, "callback_url", "metadata"}}:
 * 404 for another model than the simulator's, 415 for a body that is not JSON, 400 for malformed JSON, 422 naming every invalid
 * field, the job's {@code submissionStatus} fault if it has one; otherwise 201 with the run ({@code id} a UUIDv7,
 * {@code status_code: queued}), handed to {@code onCreated}, which starts it;</li>
 * <li>{@code GET /v1/runs/{id}}: the run record ({@link RunJson#run}), counted as a poll; 404 {@code RUN_NOT_FOUND};</li>
 * <li>{@code GET /v1/runs/{id}/callback}: the run's callback deliveries with their attempts;</li>
 * <li>{@code POST /v1/runs/{id}/callback-redeliveries}: a new delivery built from the run's current state (409 while the run is
 * not over, 422 without a callback URL), 201 with the delivery.</li>
 * </ul>
 * Errors use Runflow's envelope, {@code {"code", "message", "errors"}}.
 */
final class RunsHandler implements HttpHandler {

    static final String PREFIX = "/v1/";

    private static final Pattern CREATE = Pattern.compile("/v1/models/(.+)/runs");
    private static final Pattern RUN = Pattern.compile("/v1/runs/([^/]+)(/callback|/callback-redeliveries)?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimulatorSettings settings;
    private final Jobs jobs;
    private final Consumer<SimulatedJob> onCreated;
    private final CallbackSender callbacks;

    RunsHandler(SimulatorSettings settings, Jobs jobs, Consumer<SimulatedJob> onCreated, CallbackSender callbacks) {
        this.settings = settings;
        this.jobs = jobs;
        this.onCreated = onCreated;
        this.callbacks = callbacks;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (Rejection rejection) {
            settings.log().accept("runs API refused " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + ": " + rejection.status() + " " + rejection.getMessage());
            String path = exchange.getRequestURI().getPath();
            Replies.json(exchange, rejection.status(), Json.object("code", code(rejection.status(), path), "message",
                    rejection.getMessage(), "errors", List.of()));
        } catch (RuntimeException e) {
            settings.log().accept("runs API failed inside the simulator: " + e);
            Replies.json(exchange, 500, Json.object("code", "INTERNAL", "message", "internal simulator error"));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Matcher create = CREATE.matcher(path);
        Matcher run = RUN.matcher(path);
        if (create.matches() && method.equals("POST")) {
            jobs.countSubmission();
            authorize(exchange);
            create(exchange, create.group(1));
        } else if (run.matches()) {
            authorize(exchange);
            SimulatedJob job = find(run.group(1));
            String sub = Optional.ofNullable(run.group(2)).orElse("");
            switch (method + " " + sub) {
                case "GET " -> {
                    job.run().polled();
                    boolean withOutput = job.faults().run().outputOnPoll() || !job.run().terminal();
                    Replies.json(exchange, 200, RunJson.run(job, withOutput));
                }
                case "GET /callback" -> Replies.json(exchange, 200, RunJson.deliveries(job));
                case "POST /callback-redeliveries" -> redeliver(exchange, job);
                default -> throw new Rejection(405, "method not allowed");
            }
        } else {
            throw new Rejection(404, "not found");
        }
    }

    private void create(HttpExchange exchange, String model) throws IOException {
        if (!model.equals(settings.model())) {
            throw new Rejection(404, "no model " + model);
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Rejection(415, "the body must be application/json");
        }
        Object body;
        try {
            body = JsonReader.parse(new String(exchange.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new Rejection(400, e.getMessage());
        }
        Request request = validate(body);
        Faults faults = jobs.takeFaults(settings.imagesPerJob());
        if (faults.submissionStatus() != 0) {
            throw new Rejection(faults.submissionStatus(), "simulated failure: the service is unavailable, try again later");
        }
        SimulatedJob job = new SimulatedJob(uuidV7(), request.callbackUrl(), faults, settings.imagesPerJob(),
                new SimulatedRun(model, request.metadata(), request.inputImages(), settings.clock().instant()));
        jobs.add(job);
        settings.log().accept("run " + job.id() + " created: " + request.inputImages().size() + " input image(s), callback "
                + (job.callbackUrl() == null
                        ? "none"
                        : "to " + job.callbackUrl().getScheme() + "://"
                                + job.callbackUrl().getAuthority()));
        Replies.json(exchange, 201, RunJson.run(job, true));
        onCreated.accept(job);
    }

    private void redeliver(HttpExchange exchange, SimulatedJob job) throws IOException {
        if (!job.run().terminal()) {
            throw new Rejection(409, "the run has not finished");
        }
        if (job.callbackUrl() == null) {
            throw new Rejection(422, "the run has no callback_url");
        }
        callbacks.deliver(job, 0, false);
        List<SimulatedRun.Delivery> deliveries = job.run().deliveries();
        settings.log().accept("run " + job.id() + ": callback redelivery asked for");
        Replies.json(exchange, 201, Json.value(RunJson.delivery(job, deliveries.get(deliveries.size() - 1))));
    }

    /** What a valid creation request holds. */
    private record Request(List<String> inputImages, URI callbackUrl, Map<String, Object> metadata) {
    }

    @SuppressWarnings("unchecked")
    private Request validate(Object body) {
        List<String> errors = new ArrayList<>();
        if (!(body instanceof Map<?, ?> root)) {
            throw new Rejection(422, "the body must be a JSON object");
        }
        List<String> images = new ArrayList<>();
        if (root.get("input") instanceof Map<?, ?> input && input.get("input_images") instanceof List<?> list
                && !list.isEmpty() && list.size() <= settings.maxPhotos()) {
            for (Object item : list) {
                if (item instanceof String url && httpUrl(url) != null) {
                    images.add(url);
                } else {
                    errors.add("input.input_images[" + images.size() + "] must be an http(s) URL");
                }
            }
        } else {
            errors.add("input.input_images must be an array of 1 to " + settings.maxPhotos() + " image URLs");
        }
        URI callback = null;
        if (root.get("callback_url") != null) {
            callback = root.get("callback_url") instanceof String text ? httpUrl(text) : null;
            if (callback == null) {
                errors.add("callback_url must be an absolute http(s) URL");
            }
        }
        Object metadata = root.get("metadata");
        if (metadata != null && !(metadata instanceof Map)) {
            errors.add("metadata must be an object or null");
        }
        if (!errors.isEmpty()) {
            throw new Rejection(422, String.join("; ", errors));
        }
        return new Request(images, callback, (Map<String, Object>) metadata);
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && uri.getScheme() != null
                    && List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private void authorize(HttpExchange exchange) {
        String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        byte[] expected = ("Bearer " + settings.apiKey()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected)) {
            throw new Rejection(401, "Missing or invalid token.");
        }
    }

    private SimulatedJob find(String id) {
        try {
            return jobs.find(UUID.fromString(id)).filter(SimulatedJob::isRun)
                    .orElseThrow(() -> new Rejection(404, "The run does not exist."));
        } catch (IllegalArgumentException e) {
            throw new Rejection(404, "The run does not exist.");
        }
    }

    private static String code(int status, String path) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 404 -> path.startsWith("/v1/runs/") ? "RUN_NOT_FOUND" : "NOT_FOUND";
            case 409 -> "CONFLICT";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 422 -> "VALIDATION_ERROR";
            default -> status >= 500 ? "SERVICE_UNAVAILABLE" : "ERROR";
        };
    }

    /** A UUIDv7, as Runflow's run ids are: 48 bits of Unix milliseconds, the version, and random bits. */
    static UUID uuidV7() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
