package dev.headshots.ingest.tracing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Queries over the spans the in-memory exporter holds; export is asynchronous, so lookups wait for what they need. */
final class Traces {

    private final InMemorySpanExporter exporter;

    Traces(InMemorySpanExporter exporter) {
        this.exporter = exporter;
    }

    List<SpanData> all() {
        return exporter.getFinishedSpanItems();
    }

    /** The first span matching {@code match}, waiting up to 30 s for it to be exported. */
    SpanData await(String what, Predicate<SpanData> match) {
        return Awaitility.await().alias(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> all().stream().filter(match).findFirst(), found -> found.isPresent()).orElseThrow();
    }

    /** Every span of trace {@code traceId}, once {@code complete} holds for them. */
    List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> complete) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> trace(traceId), complete);
    }

    List<SpanData> trace(String traceId) {
        return all().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    static Predicate<SpanData> ofJob(String name, String headshotsId) {
        return named(name).and(span -> headshotsId.equals(span.getAttributes().get(Tracing.JOB)));
    }

    static Predicate<SpanData> kind(SpanKind kind, String destination) {
        return span -> span.getKind() == kind
                && destination.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
    }

    static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
        return spans.stream().filter(span -> span.getParentSpanId().equals(parent.getSpanId())).toList();
    }
}
