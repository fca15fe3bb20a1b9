package dev.headshots.ingest.webhook;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.security.CallbackLimits;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * What every callback endpoint does once the sender is authenticated: check the size and the media type, validate the body, and
 * publish a {@code headshots.completed} callback or a run envelope ({@code run.completed}, {@code run.partial_succeeded},
 * {@code run.failed}, {@code run.cancelled}) to Kafka, answering only after the broker's acknowledgement. Other events are
 * acknowledged and ignored.
 */
@ApplicationScoped
public class CallbackIntake {

    /** Longest {@code Runflow-Request-Id} kept. */
    static final int MAX_REQUEST_ID = 128;
    private static final Logger LOG = Logger.getLogger(CallbackIntake.class);

    private final CallbackValidator validator;
    private final CallbackPublisher publisher;
    private final CallbackRecordEncoder encoder;
    private final CallbackMetrics metrics;
    private final CallbackLimits limits;
    private final DependencyGate gate;
    private final long maxBodyBytes;

    public CallbackIntake(CallbackValidator validator, CallbackPublisher publisher, CallbackRecordEncoder encoder,
            CallbackMetrics metrics, CallbackLimits limits, DependencyGate gate, WebhookConfig config) {
        this.validator = validator;
        this.publisher = publisher;
        this.encoder = encoder;
        this.metrics = metrics;
        this.limits = limits;
        this.gate = gate;
        this.maxBodyBytes = config.maxBodyBytes().asLongValue();
    }

    /** Refuses a body over {@code headshots.webhook.max-body-bytes}; checked before anything else. */
    public void requireSize(byte[] body) {
        if (body.length > maxBodyBytes) {
            throw new ProblemException(ProblemKind.PAYLOAD_TOO_LARGE, "The body exceeds " + maxBodyBytes + " bytes.");
        }
    }

    /** The callback in an authenticated request's body, or the problem with it. */
    public CallbackBody read(String contentType, byte[] body) {
        if (!isJson(contentType)) {
            throw new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json in UTF-8.");
        }
        return validator.validate(body);
    }

    /**
     * The {@code Runflow-Request-Id} a callback came with, kept with its delivery and logged: null when absent, else 1 to
     * {@value #MAX_REQUEST_ID} printable ASCII characters other than a quote or a backslash (400 otherwise), so that it can be
     * written into a record and a log line as it is.
     */
    public String requestId(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_REQUEST_ID
                || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "Runflow-Request-Id must be 1 to " + MAX_REQUEST_ID
                    + " printable ASCII characters, without quotes or backslashes.");
        }
        return header;
    }

    /**
     * Publishes a callback we act on (a legacy {@code headshots.completed} or a run envelope), within this instance's ceiling
     * of callbacks per second (503 above it), and only while Postgres and the bucket are up and the instance is not shutting
     * down (503 otherwise); yields the answer for the sender. Any other event, and a batch callback, is acknowledged, counted
     * as ignored and not published.
     */
    public Uni<Ack> forward(CallbackBody callback) {
        return forward(callback, null);
    }

    /** {@link #forward(CallbackBody)}, keeping the callback's {@code Runflow-Request-Id} ({@link #requestId}) with it. */
    public Uni<Ack> forward(CallbackBody callback, String requestId) {
        if (!callback.forwards()) {
            metrics.ignored();
            return Uni.createFrom().item(Ack.ignored());
        }
        gate.requireOpen();
        limits.requireCapacity();
        if (requestId != null) {
            LOG.debugf("job %s: %s callback, Runflow-Request-Id %s", callback.headshotsId(), callback.event(), requestId);
        }
        return publisher.publish(callback.headshotsId(), encoder.encode(callback, Instant.now(), requestId))
                .invoke(metrics::accepted)
                .replaceWith(Ack.accepted(callback.headshotsId()));
    }

    /** Counts a refused callback by its problem kind. */
    public void refused(Throwable failure) {
        metrics.refused(failure);
    }

    /** {@code application/json} or {@code application/*+json}, with no charset or UTF-8 (JSON's only encoding on the wire). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && (parameter.length < 2
                    || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    /** The answer to an accepted, ignored or repeated callback, or to one the benchmark's ceiling checked. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CallbackAck", requiredProperties = {"status"})
    public record Ack(@JsonProperty("status") @Schema(enumeration = {
            "accepted", "ignored", "duplicate"}) String status,
            @JsonProperty("headshots_id") @Schema(description = "The job the callback is about; absent when it was ignored") UUID headshotsId){

        static Ack accepted(UUID id) {
            return new Ack("accepted", id);
        }

        static Ack ignored() {
            return new Ack("ignored", null);
        }

        static Ack duplicate(UUID id) {
            return new Ack("duplicate", id);
        }

        static Ack checked(UUID id) {
            return new Ack("checked", id);
        }
    }
}
