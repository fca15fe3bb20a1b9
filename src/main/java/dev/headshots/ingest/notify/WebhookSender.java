package dev.headshots.ingest.notify;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.egress.Egress;
import dev.headshots.ingest.egress.OutboundRules;
import dev.headshots.ingest.security.WebhookSignature;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Sends one signed notification: the event's bytes as the outbox holds them, {@code POST}ed with
 * {@code Content-Type: application/cloudevents+json} (structured mode) and the Standard Webhooks headers {@code webhook-id}
 * (the event's id), {@code webhook-timestamp} (now, unix seconds) and {@code webhook-signature}, one
 * {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>} per signing secret of the tenant. The URL is vetted again and the
 * connection goes to the vetted address ({@link Egress}); redirects are not followed. The whole attempt, lookup to the end of
 * the answer, is bounded by {@code request-timeout}, and at most {@code max-response-bytes} of the answer are read before the
 * connection is closed. One connection per attempt, never kept alive. Every outcome is an {@link Attempt}; nothing fails.
 */
@ApplicationScoped
public class WebhookSender {

    static final String CONTENT_TYPE = "application/cloudevents+json";

    private final HttpClient client;
    private final NotifyTargets targets;
    private final Duration timeout;
    private final long maxResponseBytes;

    public WebhookSender(Vertx vertx, NotifyTargets targets, NotifyConfig config) {
        this.targets = targets;
        this.timeout = config.requestTimeout();
        this.maxResponseBytes = config.maxResponseBytes().asLongValue();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.concurrency())
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(false)
                .setTryUseCompression(false)
                .setVerifyHost(true)
                .setForceSni(true));
    }

    /** POSTs {@code payload} to {@code url} as event {@code webhookId}, signed with each of {@code keys}. */
    public Uni<Attempt> send(String url, UUID webhookId, List<byte[]> keys, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        return Uni.createFrom().item(() -> targets.egress().rules().vetUrl(url))
                .chain(uri -> targets.vettedAddress(uri)
                        .chain(address -> client.request(signed(uri, address, webhookId, timestamp, keys, body))))
                .invoke(request::set)
                .chain(sent -> sent.send(Buffer.buffer(body)))
                .chain(this::answer)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().recoverWithItem(failure -> {
                    HttpClientRequest open = request.get();
                    if (open != null) {
                        open.reset();
                    }
                    return classify(failure);
                });
    }

    /** The POST of {@code body} to the vetted {@code address}, with the Standard Webhooks headers: one signature per key. */
    private static RequestOptions signed(URI uri, InetAddress address, UUID webhookId, long timestamp, List<byte[]> keys,
            byte[] body) {
        String signatures = keys.stream().map(key -> WebhookSignature.sign(key, webhookId.toString(), timestamp, body))
                .collect(Collectors.joining(" "));
        return Egress.aimedAt(uri, address, HttpMethod.POST)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("User-Agent", "headshots-ingest")
                .putHeader("webhook-id", webhookId.toString())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signatures);
    }

    /** Reads at most the cap of the answer's body, then closes the connection; the answer is its status. */
    private Uni<Attempt> answer(HttpClientResponse response) {
        Attempt answered = Attempt.answered(response.statusCode(), retryAfter(response.getHeader("Retry-After")));
        return Uni.createFrom().emitter(emitter -> {
            long[] read = {0};
            response.exceptionHandler(broken -> emitter.complete(answered));
            response.endHandler(() -> emitter.complete(answered));
            response.handler(buffer -> {
                read[0] += buffer.length();
                if (read[0] > maxResponseBytes) {
                    response.exceptionHandler(expected -> {
                    });
                    response.request().reset();
                    emitter.complete(answered);
                }
            });
        });
    }

    private Attempt classify(Throwable failure) {
        if (failure instanceof NotifyTargets.UnacceptableHost) {
            // retried like any failure to reach the host: a refused address and a name that does not resolve look alike
            return Attempt.failed(Attempt.Kind.NETWORK, NotifyTargets.UNACCEPTABLE_HOST);
        }
        if (failure instanceof OutboundRules.Refusal refusal) {
            return Attempt.failed(Attempt.Kind.REFUSED, "refused: " + refusal.getMessage());
        }
        if (failure instanceof TimeoutException) {
            return Attempt.failed(Attempt.Kind.TIMEOUT, "no answer within " + timeout.toSeconds() + " s");
        }
        return Attempt.failed(Attempt.Kind.NETWORK, "connection failed: " + failure.getClass().getSimpleName());
    }

    /** A {@code Retry-After} of delay seconds or an HTTP date, as a delay from now; null if absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(Instant.now(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
