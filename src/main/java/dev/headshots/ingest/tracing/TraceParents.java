package dev.headshots.ingest.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * W3C {@code traceparent} values ({@code 00-<trace-id>-<span-id>-<flags>}), the form in which a span context outlives a
 * request: stored with a job, in the outbox, and in every CloudEvent we publish (the CloudEvents Distributed Tracing
 * extension). Pure functions over the propagator of the W3C Trace Context specification.
 */
public final class TraceParents {

    /** The header, CloudEvents attribute and column name. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParents() {
    }

    /** The {@code traceparent} of the span in {@code context}; null when it has no valid span (tracing off). */
    public static String of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** A context whose parent span is the remote one {@code traceparent} names; the root context for null or garbage. */
    public static Context parse(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), GETTER);
    }

    /** The span context {@code traceparent} names, invalid for null or garbage. */
    public static SpanContext spanContext(String traceparent) {
        return Span.fromContext(parse(traceparent)).getSpanContext();
    }
}
