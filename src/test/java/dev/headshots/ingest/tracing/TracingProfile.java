package dev.headshots.ingest.tracing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Tracing on, as an operator turns it on ({@code quarkus.otel.sdk.disabled=false}, every trace sampled), spans handed to the
 * in-memory exporter within 50 ms, no OTLP exporter (nothing listens here), and the log also written as JSON lines to
 * {@link #JSON_LOG}, as production writes it to the console.
 */
public class TracingProfile implements QuarkusTestProfile {

    public static final String JSON_LOG = "target/tracing-test-log.json";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.traces.sampler", "always_on",
                "quarkus.otel.bsp.schedule.delay", "50ms",
                "quarkus.otel.exporter.otlp.enabled", "false",
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", JSON_LOG,
                "quarkus.log.file.json.enabled", "true");
    }
}
