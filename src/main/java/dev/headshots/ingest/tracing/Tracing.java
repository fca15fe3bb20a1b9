package dev.headshots.ingest.tracing;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The spans of the pipeline's own steps. A span is a child of the context it is given, never of whatever happens to be current,
 * and is never made current across an asynchronous step: the 60 copies of a job run at once, their callbacks on whichever event
 * loop the connection has, so each step hands its context to the next explicitly (a span made current while a copy started
 * stayed current on an event loop thread and became the parent of unrelated HTTP requests). Log lines about a step carry its
 * {@code traceId} and {@code spanId} ({@link #log}). Failures set the span's status and {@code error.type}, never a message.
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
    /** The MDC keys of Quarkus's own tracing, which JSON log lines carry in {@code mdc}. */
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

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
            return step.apply(parent.with(span)).onTermination().invoke((item, failure, cancelled) -> end(span, failure));
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

    /**
     * Writes a log line with the trace's and the span's ids of {@code context} in the MDC ({@code traceId}, {@code spanId}), as
     * JSON log lines carry them; the MDC is restored afterwards. The context is not made current: attached to an event loop
     * thread's context, a span leaked into the next HTTP requests served there. On an event loop's own (not duplicated) Vert.x
     * context Quarkus keeps no MDC, so the line is written on a duplicate of it, at once, on this thread.
     */
    public static void log(Context context, Runnable line) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            line.run();
            return;
        }
        io.vertx.core.Context vertx = Vertx.currentContext();
        if (vertx instanceof ContextInternal internal && !internal.isDuplicate()) {
            internal.duplicate().dispatch(() -> withIds(span, line));
        } else {
            withIds(span, line);
        }
    }

    private static void withIds(SpanContext span, Runnable line) {
        Object traceId = MDC.get(TRACE_ID);
        Object spanId = MDC.get(SPAN_ID);
        MDC.put(TRACE_ID, span.getTraceId());
        MDC.put(SPAN_ID, span.getSpanId());
        try {
            line.run();
        } finally {
            restore(TRACE_ID, traceId);
            restore(SPAN_ID, spanId);
        }
    }

    private static void restore(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
