package dev.headshots.ingest.tracing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Every finished span of a {@code @QuarkusTest} application, in memory (opentelemetry-sdk-testing): Quarkus hands spans to
 * every {@code SpanExporter} bean ({@code quarkus.otel.traces.exporter=cdi}, its default). Only {@link TracingProfile} turns
 * the SDK on; everywhere else this exporter stays empty.
 */
public class SpanRecorder {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
