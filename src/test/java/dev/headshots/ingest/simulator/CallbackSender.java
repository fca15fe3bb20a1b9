package dev.headshots.ingest.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers a completed job's callback: {@code POST callback_url} with {@code Content-Type: application/json}. For a job of the
 * legacy endpoint the body is {@code {"event":"headshots.completed","headshots_id":...,"image_urls":[...]}}, with
 * {@code X-Webhook-Secret} when a webhook secret is set. For a run it is the run's envelope ({@link RunJson#envelope}), frozen
 * when the delivery starts, signed in {@code Runflow-Signature} (lowercase hex HMAC-SHA256 of the body by the newest callback
 * secret, or by a wrong one with that fault; no header when no secret is registered), with a fresh {@code Runflow-Request-Id}
 * on every request, and each attempt is recorded in the run's delivery history. A non-2xx answer or a connection error
 * (including a 10 s timeout) is retried after the backoff, which starts at {@code callbackBackoff} and doubles up to
 * {@code callbackMaxBackoff}, for at most {@code callbackMaxAttempts} attempts, and then given up; after the first 2xx, the
 * requested number of duplicates follows, one at a time and never retried. A run's delivery lost to a drop fault is recorded as
 * failed without any request. Every attempt's status (-1 for a connection error) is recorded on the job, and the job is marked
 * settled once its delivery is over. With {@code callbackVia}, each request goes to the next of those authorities in turn, path
 * and query unchanged. Sending never blocks a thread: requests are asynchronous and waits are scheduled on a timer.
 */
final class CallbackSender {

    static final String WRONG_SECRET = "whsec_this-secret-was-never-registered-at-the-receiver";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimulatorSettings settings;
    private final ScheduledExecutorService timer;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger nextVia = new AtomicInteger();

    CallbackSender(SimulatorSettings settings, ScheduledExecutorService timer) {
        this.settings = settings;
        this.timer = timer;
    }

    /** Completes with the status of the last attempt, or of the accepted attempt when duplicates follow it. */
    CompletableFuture<Integer> deliver(SimulatedJob job, int duplicates) {
        return deliver(job, duplicates, true);
    }

    /**
     * Delivers the callback once more (a run's redelivery, built from its current state); completes with the last attempt's
     * status, -1 when dropped.
     */
    CompletableFuture<Integer> deliver(SimulatedJob job, int duplicates, boolean automatic) {
        Outgoing outgoing = outgoing(job, automatic);
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        if (job.faults().run().drops(automatic)) {
            settle(outgoing, "failed", "dropped by the simulator (fault): the callback was never sent");
            log(job, "callback dropped (fault)");
            outcome.complete(-1);
        } else {
            attempt(job, outgoing, 1, duplicates, outcome);
        }
        return outcome.whenComplete((status, error) -> job.settleCallback());
    }

    /** The wait after failed attempt {@code attempt} (1-based): the initial backoff doubled per attempt, capped. */
    static Duration backoff(Duration initial, Duration max, int attempt) {
        Duration delay = initial.multipliedBy(1L << Math.min(attempt - 1, 30));
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** What one delivery sends: its body, and for a run the delivery it is recorded in. */
    private record Outgoing(String body, SimulatedRun.Delivery delivery) {
    }

    private Outgoing outgoing(SimulatedJob job, boolean automatic) {
        if (!job.isRun()) {
            return new Outgoing(payload(job), null);
        }
        return new Outgoing(RunJson.envelope(job), job.run().newDelivery(automatic, settings.clock().instant()));
    }

    private void attempt(SimulatedJob job, Outgoing outgoing, int attempt, int duplicates,
            CompletableFuture<Integer> outcome) {
        send(job, outgoing, attempt, false).thenAccept(status -> {
            boolean accepted = status / 100 == 2;
            if (accepted) {
                log(job, "callback attempt " + attempt + " -> " + status);
                settle(outgoing, "delivered", null);
                sendDuplicates(job, outgoing, duplicates, 1).thenRun(() -> outcome.complete(status));
            } else if (attempt >= settings.callbackMaxAttempts()) {
                log(job, "callback attempt " + attempt + " -> " + status + ", giving up");
                settle(outgoing, "failed", "gave up after " + attempt + " attempts");
                outcome.complete(status);
            } else {
                Duration wait = backoff(settings.callbackBackoff(), settings.callbackMaxBackoff(), attempt);
                log(job, "callback attempt " + attempt + " -> " + status + ", retrying in " + wait.toMillis() + " ms");
                timer.schedule(() -> attempt(job, outgoing, attempt + 1, duplicates, outcome), wait.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    private static void settle(Outgoing outgoing, String status, String detail) {
        if (outgoing.delivery() != null) {
            outgoing.delivery().settle(status, detail);
        }
    }

    private CompletableFuture<Void> sendDuplicates(SimulatedJob job, Outgoing outgoing, int duplicates, int copy) {
        if (copy > duplicates) {
            return CompletableFuture.completedFuture(null);
        }
        return send(job, outgoing, 0, true).thenCompose(status -> {
            log(job, "duplicate callback " + copy + " of " + duplicates + " -> " + status);
            return sendDuplicates(job, outgoing, duplicates, copy + 1);
        });
    }

    private CompletableFuture<Integer> send(SimulatedJob job, Outgoing outgoing, int attempt, boolean duplicate) {
        URI target = target(job.callbackUrl());
        String requestId = "req_" + HexFormat.of().formatHex(randomBytes());
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "runflow-simulator")
                .POST(HttpRequest.BodyPublishers.ofString(outgoing.body(), StandardCharsets.UTF_8));
        if (job.isRun()) {
            signature(job, outgoing.body()).ifPresent(signature -> request.header("Runflow-Signature", signature));
            request.header("Runflow-Request-Id", requestId);
        } else {
            settings.webhookSecret().ifPresent(secret -> request.header("X-Webhook-Secret", secret));
        }
        long started = System.nanoTime();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                .exceptionally(error -> -1).thenApply(status -> {
                    job.recordCallback(target.getAuthority(), status, duplicate);
                    if (outgoing.delivery() != null && !duplicate) {
                        outgoing.delivery().attempted(new SimulatedRun.Attempt(attempt, status,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                                status < 0 ? "connection error or timeout" : null, settings.clock().instant(), requestId));
                    }
                    return status;
                });
    }

    /** The signature of this body by the newest registered secret (or a wrong one); empty when no secret is registered. */
    private Optional<String> signature(SimulatedJob job, String body) {
        List<String> secrets = settings.callbackSecrets();
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        String secret = job.faults().run().wrongSecret() ? WRONG_SECRET : secrets.get(secrets.size() - 1);
        return Optional.of(RunJson.sign(secret, body));
    }

    /** The callback URL, or with {@code callbackVia} the same path and query at the next authority in turn. */
    URI target(URI callbackUrl) {
        List<String> via = settings.callbackVia();
        if (via.isEmpty()) {
            return callbackUrl;
        }
        String authority = via.get(Math.floorMod(nextVia.getAndIncrement(), via.size()));
        return URI.create(callbackUrl.getScheme() + "://" + authority + callbackUrl.getRawPath()
                + (callbackUrl.getRawQuery() == null ? "" : "?" + callbackUrl.getRawQuery()));
    }

    static String payload(SimulatedJob job) {
        return Json.object("event", "headshots.completed", "headshots_id", job.id(), "image_urls", job.imageUrls());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void log(SimulatedJob job, String event) {
        settings.log().accept("job " + job.id() + ": " + event);
    }
}
