package dev.headshots.ingest.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the runs platform keeps of one run, beside its {@link SimulatedJob}: the model and {@code input_images} it was created
 * with, the {@code metadata} (echoed verbatim in every callback), when it was created and completed, its {@code status_code}
 * ({@code queued}, then {@code succeeded}, {@code failed}, {@code canceled} or {@code partial_succeeded}), its output or error,
 * how often it was polled ({@code GET /v1/runs/{id}}), and every callback delivery with its attempts, as {@code GET
 * /v1/runs/{id}/callback} shows them. Safe to read from any thread while the simulator updates it.
 */
public final class SimulatedRun {

    private final String model;
    private final Map<String, Object> metadata;
    private final List<String> inputUrls;
    private final Instant createdAt;
    private final AtomicInteger polls = new AtomicInteger();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile String statusCode = "queued";
    private volatile Instant completedAt;
    private volatile Object output;
    private volatile String failureCode;
    private volatile String failureMessage;

    /** One delivery of the run's callback: automatic (the run's own) or a redelivery, and its attempts. */
    public static final class Delivery {

        private final UUID id = UUID.randomUUID();
        private final boolean automatic;
        private final Instant createdAt;
        private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        private volatile String status = "pending";
        private volatile String failureDetail;

        Delivery(boolean automatic, Instant createdAt) {
            this.automatic = automatic;
            this.createdAt = createdAt;
        }

        public UUID id() {
            return id;
        }

        public boolean automatic() {
            return automatic;
        }

        public Instant createdAt() {
            return createdAt;
        }

        public List<Attempt> attempts() {
            return List.copyOf(attempts);
        }

        /** {@code pending}, {@code delivered} (a 2xx answer) or {@code failed} (attempts used up, or dropped). */
        public String status() {
            return status;
        }

        public String failureDetail() {
            return failureDetail;
        }

        void attempted(Attempt attempt) {
            attempts.add(attempt);
        }

        void settle(String status, String failureDetail) {
            this.status = status;
            this.failureDetail = failureDetail;
        }
    }

    /** One HTTP request of a delivery: its number, status (-1: no answer), time, error and {@code Runflow-Request-Id}. */
    public record Attempt(int number, int statusCode, long responseTimeMs, String errorMessage, Instant createdAt,
            String requestId) {
    }

    SimulatedRun(String model, Map<String, Object> metadata, List<String> inputUrls, Instant createdAt) {
        this.model = model;
        this.metadata = metadata;
        this.inputUrls = List.copyOf(inputUrls);
        this.createdAt = createdAt;
    }

    public String model() {
        return model;
    }

    /** The metadata the run was created with, as parsed (null when none was given). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    public List<String> inputUrls() {
        return inputUrls;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String statusCode() {
        return statusCode;
    }

    public Instant completedAt() {
        return completedAt;
    }

    /** The output: {@code {"image_urls": [...]}} on success, Runflow's error envelope on failure, null when canceled. */
    public Object output() {
        return output;
    }

    public String failureCode() {
        return failureCode;
    }

    public String failureMessage() {
        return failureMessage;
    }

    public boolean terminal() {
        return completedAt != null;
    }

    /** {@code GET /v1/runs/{id}} requests so far. */
    public int polls() {
        return polls.get();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    void polled() {
        polls.incrementAndGet();
    }

    Delivery newDelivery(boolean automatic, Instant at) {
        Delivery delivery = new Delivery(automatic, at);
        deliveries.add(delivery);
        return delivery;
    }

    void complete(String statusCode, Object output, String failureCode, String failureMessage, Instant at) {
        this.statusCode = statusCode;
        this.output = output;
        this.failureCode = failureCode;
        this.failureMessage = failureMessage;
        this.completedAt = at;
    }
}
