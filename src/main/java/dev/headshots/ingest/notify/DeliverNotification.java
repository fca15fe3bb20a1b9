package dev.headshots.ingest.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.retry.Backoff;
import dev.headshots.ingest.tracing.TraceParents;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.smallrye.mutiny.Uni;

/**
 * One attempt at one claimed delivery: the tenant's signing secrets, the signed POST ({@link WebhookSender}), the outcome by
 * {@link DeliveryPolicy}, recorded while the claim is held (retried until Postgres takes it, as image outcomes are); a 410 from
 * the tenant's endpoint disables it, with a metric and a log line. Nothing is sent to a disabled endpoint, and nothing
 * unsigned: a tenant without a signing secret has its deliveries wait, retried with backoff. Each attempt is a span,
 * {@code deliver notification}, in the trace of the step that wrote the event (the job's trace), with its outcome.
 */
@ApplicationScoped
public class DeliverNotification {

    private static final Logger LOG = Logger.getLogger(DeliverNotification.class);
    private static final AttributeKey<String> EVENT = AttributeKey.stringKey("headshots.event.id");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("headshots.notification.attempt");
    private static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");

    private final Deliveries deliveries;
    private final SigningSecrets secrets;
    private final WebhookSender sender;
    private final NotificationMetrics metrics;
    private final ShutdownGate shutdown;
    private final DeliveryPolicy policy;
    private final Tracing tracing;

    public DeliverNotification(Deliveries deliveries, SigningSecrets secrets, WebhookSender sender,
            NotificationMetrics metrics, ShutdownGate shutdown, Tracing tracing, NotifyConfig config) {
        this.tracing = tracing;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.sender = sender;
        this.metrics = metrics;
        this.shutdown = shutdown;
        this.policy = new DeliveryPolicy(new Backoff(config.backoffInitial(), config.backoffMax()),
                config.clientErrorAttempts());
    }

    public Uni<Void> attempt(Deliveries.Claimed delivery, Leases leases) {
        Attributes attributes = Attributes.of(Tracing.JOB, delivery.headshotsId().toString(), EVENT,
                delivery.eventId().toString(), ATTEMPT, (long) delivery.attempts());
        return tracing.span("deliver notification", SpanKind.INTERNAL, TraceParents.parse(delivery.traceparent()), attributes,
                span -> send(delivery).chain(attempt -> {
                    DeliveryPolicy.Decision decision = policy.after(attempt, delivery, Instant.now(),
                            ThreadLocalRandom.current()::nextDouble);
                    Span.fromContext(span).setAttribute(Tracing.OUTCOME, decision.status().name());
                    if (attempt.kind() == Attempt.Kind.ANSWERED) {
                        Span.fromContext(span).setAttribute(STATUS_CODE, (long) attempt.statusCode());
                    }
                    return settle(delivery, leases, decision);
                }));
    }

    private Uni<Attempt> send(Deliveries.Claimed delivery) {
        if (delivery.disabled()) {
            return Uni.createFrom().item(Attempt.failed(Attempt.Kind.DISABLED,
                    "the tenant's endpoint is disabled (410 Gone); set its notify_url again to enable it"));
        }
        return secrets.active(delivery.tenantId()).chain(keys -> keys.isEmpty()
                ? Uni.createFrom().item(Attempt.failed(Attempt.Kind.NO_SECRET,
                        "the tenant has no signing secret (POST /admin/v1/tenants/{id}/signing-secrets)"))
                : sender.send(delivery.url(), delivery.eventId(), keys, delivery.payload()));
    }

    private Uni<Void> settle(Deliveries.Claimed delivery, Leases leases, DeliveryPolicy.Decision decision) {
        return untilRecorded(deliveries.record(delivery, leases, decision), delivery)
                .chain(recorded -> {
                    count(delivery, decision, recorded);
                    return decision.disable()
                            ? deliveries.disableEndpoint(delivery.tenantId(), delivery.url()).invoke(disabled -> {
                                if (disabled) {
                                    metrics.counted("endpoint_disabled", delivery.tenantId());
                                    LOG.warnf("tenant %s: its notify_url answered 410 Gone to event %s; the endpoint is "
                                            + "disabled until its notify_url is set again", delivery.tenantId(),
                                            delivery.eventId());
                                }
                            }).replaceWithVoid()
                            : Uni.createFrom().voidItem();
                });
    }

    private void count(Deliveries.Claimed delivery, DeliveryPolicy.Decision decision, Deliveries.Recorded recorded) {
        switch (decision.status()) {
            case DELIVERED -> {
                metrics.counted("delivered", delivery.tenantId());
                if (recorded != null && recorded.latency() != null) {
                    metrics.delivered(recorded.latency());
                }
            }
            case PENDING -> {
                metrics.counted("retrying", delivery.tenantId());
                LOG.debugf("event %s of job %s: attempt %d: %s; next at %s", delivery.eventId(), delivery.headshotsId(),
                        delivery.attempts(), decision.error(), decision.at());
            }
            case FAILED -> {
                metrics.counted("failed", delivery.tenantId());
                LOG.infof("event %s of job %s: notification FAILED after %d attempt(s): %s", delivery.eventId(),
                        delivery.headshotsId(), delivery.attempts(), decision.error());
            }
        }
    }

    /** Retries recording until Postgres takes it; gives up once shutdown began (the claim is released or lapses). */
    private <T> Uni<T> untilRecorded(Uni<T> statement, Deliveries.Claimed delivery) {
        return statement
                .onFailure(failure -> !shutdown.isClosing()).invoke(failure -> LOG.warnf(
                        "event %s: delivery outcome could not be recorded, retrying: %s", delivery.eventId(),
                        failure.getMessage()))
                .onFailure(failure -> !shutdown.isClosing()).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely();
    }
}
