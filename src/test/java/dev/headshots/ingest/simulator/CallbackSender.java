package dev.headshots.ingest.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers a completed job's callback: {@code POST callback_url} with {@code Content-Type: application/json}, the body
 * {@code {"event":"headshots.completed","headshots_id":...,"image_urls":[...]}} and, when a webhook secret is set,
 * {@code X-Webhook-Secret}. A non-2xx answer or a connection error (including a 10 s timeout) is retried after the backoff,
 * which starts at {@code callbackBackoff} and doubles up to {@code callbackMaxBackoff}, for at most {@code callbackMaxAttempts}
 * attempts; after the first 2xx, the requested number of duplicates follows, one at a time and never retried. Every attempt's
 * status (-1 for a connection error) is recorded on the job, and the job is marked settled once its delivery is over. With
 * {@code callbackVia}, each request (attempt or duplicate) goes to the next of those authorities in turn, path and query
 * unchanged, so a retry after a dead instance's connection error or a 503 lands on another instance. Sending never blocks a
 * thread: requests are asynchronous and waits are scheduled on a timer.
 */
final class CallbackSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        attempt(job, 1, duplicates, outcome);
        return outcome.whenComplete((status, error) -> job.settleCallback());
    }

    /** The wait after failed attempt {@code attempt} (1-based): the initial backoff doubled per attempt, capped. */
    static Duration backoff(Duration initial, Duration max, int attempt) {
        Duration delay = initial.multipliedBy(1L << Math.min(attempt - 1, 30));
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    private void attempt(SimulatedJob job, int attempt, int duplicates, CompletableFuture<Integer> outcome) {
        send(job, false).thenAccept(status -> {
            boolean accepted = status / 100 == 2;
            if (accepted) {
                log(job, "callback attempt " + attempt + " -> " + status);
                sendDuplicates(job, duplicates, 1).thenRun(() -> outcome.complete(status));
            } else if (attempt >= settings.callbackMaxAttempts()) {
                log(job, "callback attempt " + attempt + " -> " + status + ", giving up");
                outcome.complete(status);
            } else {
                Duration wait = backoff(settings.callbackBackoff(), settings.callbackMaxBackoff(), attempt);
                log(job, "callback attempt " + attempt + " -> " + status + ", retrying in " + wait.toMillis() + " ms");
                timer.schedule(() -> attempt(job, attempt + 1, duplicates, outcome), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private CompletableFuture<Void> sendDuplicates(SimulatedJob job, int duplicates, int copy) {
        if (copy > duplicates) {
            return CompletableFuture.completedFuture(null);
        }
        return send(job, true).thenCompose(status -> {
            log(job, "duplicate callback " + copy + " of " + duplicates + " -> " + status);
            return sendDuplicates(job, duplicates, copy + 1);
        });
    }

    private CompletableFuture<Integer> send(SimulatedJob job, boolean duplicate) {
        URI target = target(job.callbackUrl());
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "runflow-simulator")
                .POST(HttpRequest.BodyPublishers.ofString(payload(job)));
        settings.webhookSecret().ifPresent(secret -> request.header("X-Webhook-Secret", secret));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                .exceptionally(error -> -1).thenApply(status -> {
                    job.recordCallback(target.getAuthority(), status, duplicate);
                    return status;
                });
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

    private void log(SimulatedJob job, String event) {
        settings.log().accept("job " + job.id() + ": " + event);
    }
}
