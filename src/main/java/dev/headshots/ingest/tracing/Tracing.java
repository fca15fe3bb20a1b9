package dev.headshots.ingest.tracing;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * The spans of the pipeline's own steps. A span is a child of the context it is given, never of whatever happens to be current:
 * the 60 copies of a job run at once on one Vert.x context, so each step hands its context to the next explicitly. While a
 * step's {@code Uni} is being subscribed, its span is current, so that the clients Quarkus instruments (the reactive Postgres
 * client) nest their spans under it. Failures set the span's status and {@code error.type}, never a message.
 * <p>
 * With {@code quarkus.otel.sdk.disabled=true} nothing is created at all: the steps run as they are. (The OpenTelemetry SDK,
 * even "disabled", would still create and sample spans without exporting them.)
 */
@ApplicationScoped
public class Tracing {

    public static final AttributeKey<String> JOB = AttributeKey.stringKey("headshots.id");
    public static final AttributeKey<Long> IMAGE = AttributeKey.longKey("headshots.image.index");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("headshots.image.attempt");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("headshots.outcome");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final boolean enabled;

    public Tracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this.enabled = !disabled;
        this.tracer = (enabled ? openTelemetry : OpenTelemetry.noop()).getTracer("dev.headshots.ingest");
    }

    /** Whether spans are recorded: {@code quarkus.otel.sdk.disabled} is false. */
    public boolean enabled() {
        return enabled;
    }

    /** Starts a span under {@code parent}; the caller ends it. */
    public Span start(String name, SpanKind kind, Context parent, Attributes attributes) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).setAllAttributes(attributes).startSpan();
    }

    /**
     * Runs {@code step} in a span named {@code name} under {@code parent}; the step receives the span's context, for its own
     * steps and attributes. The span ends when the step's {@code Uni} ends, fails or is cancelled.
     */
    public <T> Uni<T> span(String name, SpanKind kind, Context parent, Attributes attributes,
            Function<Context, Uni<T>> step) {
        if (!enabled) {
            return step.apply(parent);
        }
        return Uni.createFrom().deferred(() -> {
            Span span = start(name, kind, parent, attributes);
            Context context = parent.with(span);
            return current(context, () -> step.apply(context))
                    .onTermination().invoke((item, failure, cancelled) -> end(span, failure));
        });
    }

    /** Ends {@code span}, marked as failed by {@code failure} if there is one. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
        }
        span.end();
    }

    /** Subscribes to the {@code Uni} of {@code step} with {@code context} current, then restores what was current. */
    public static <T> Uni<T> current(Context context, Supplier<Uni<T>> step) {
        return new AbstractUni<T>() {

            @Override
            public void subscribe(UniSubscriber<? super T> subscriber) {
                try (Scope scope = context.makeCurrent()) {
                    Uni.createFrom().<T>deferred(step::get).subscribe().withSubscriber(subscriber);
                }
            }
        };
    }
}
