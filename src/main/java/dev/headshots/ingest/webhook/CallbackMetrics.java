package dev.headshots.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts callbacks by outcome in {@code headshots_callbacks_total{outcome}}. */
@ApplicationScoped
public class CallbackMetrics {

    private final MeterRegistry registry;

    public CallbackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted() {
        count("accepted");
    }

    public void ignored() {
        count("ignored");
    }

    /** A signed delivery whose {@code webhook-id} was seen before: answered 200, not published again. */
    public void duplicate() {
        count("duplicate");
    }

    /** Counts a refusal under its problem kind, for example {@code unauthorized} or {@code validation_failed}. */
    public void refused(Throwable failure) {
        count(failure instanceof ProblemException problem ? problem.kind().name().toLowerCase() : "error");
    }

    private void count(String outcome) {
        Counter.builder("headshots.callbacks")
                .description("Callbacks received, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
