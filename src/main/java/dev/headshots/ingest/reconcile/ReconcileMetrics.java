package dev.headshots.ingest.reconcile;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts reconciliation: {@code headshots_reconcile_polls_total{result}} (a poll of a run found it {@code pending}, with its
 * {@code outcome}, or with its {@code output_missing}), {@code headshots_reconcile_redeliveries_total} (callback redeliveries
 * asked for) and {@code headshots_jobs_timed_out_total} (jobs that became {@code TIMED_OUT}, which the alert watches).
 */
@ApplicationScoped
public class ReconcileMetrics {

    private final MeterRegistry registry;
    private final Counter redeliveries;
    private final Counter timedOut;

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redeliveries = Counter.builder("headshots.reconcile.redeliveries")
                .description("Callback redeliveries asked of Runflow for runs whose polled output had no images")
                .register(registry);
        this.timedOut = Counter.builder("headshots.jobs.timed.out")
                .description("Jobs that had no outcome from Runflow by headshots.runflow.callback-deadline")
                .register(registry);
    }

    void polled(RunState.Kind kind) {
        Counter.builder("headshots.reconcile.polls")
                .description("Polls of GET /v1/runs/{id} for jobs without a callback, by what they found")
                .tag("result", kind.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    void redeliveryAsked() {
        redeliveries.increment();
    }

    void timedOut() {
        timedOut.increment();
    }
}
