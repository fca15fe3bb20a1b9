package dev.headshots.ingest.reconcile;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.reconcile.ReconcileStore.Claimed;
import dev.headshots.ingest.retry.Backoff;
import dev.headshots.ingest.runflow.RunflowConfig;
import dev.headshots.ingest.runflow.RunflowRuns;
import dev.headshots.ingest.webhook.CallbackPublisher;
import dev.headshots.ingest.webhook.CallbackRecordEncoder;
import io.smallrye.mutiny.Uni;

/**
 * Reconciles one claimed job that has had no callback: a legacy job, which has no status call, times out at once; a run is
 * polled ({@code GET /v1/runs/{id}}). A terminal run's outcome is published to {@code runflow.headshots.callbacks} as a
 * callback would be, marked as coming from the poll, and takes the same path from there (deduplication, the copy, the outcome
 * event); a terminal run whose output lacks its images gets a callback redelivery asked for (at most {@value #MAX_REDELIVERIES}
 * per job); a run still on its way, or a poll that failed, is polled again later ({@link ReconcilePolicy}), and past the job's
 * deadline it times out. Every path ends the claim.
 */
@ApplicationScoped
public class Reconciler {

    static final int MAX_REDELIVERIES = 3;
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final ReconcileStore store;
    private final RunflowRuns runs;
    private final CallbackPublisher publisher;
    private final CallbackRecordEncoder encoder;
    private final ReconcileMetrics metrics;
    private final String owner;
    private final ReconcilePolicy policy;
    private final int maxImages;
    private final int maxUrlLength;

    public Reconciler(ReconcileStore store, RunflowRuns runs, CallbackPublisher publisher, CallbackRecordEncoder encoder,
            ReconcileMetrics metrics, Leases leases, RunflowConfig runflow,
            WebhookConfig webhook) {
        this.store = store;
        this.runs = runs;
        this.publisher = publisher;
        this.encoder = encoder;
        this.metrics = metrics;
        this.owner = leases.owner();
        this.policy = new ReconcilePolicy(new Backoff(runflow.pollBackoffInitial(), runflow.pollBackoffMax()),
                runflow.callbackDeadline());
        this.maxImages = webhook.maxImages();
        this.maxUrlLength = webhook.maxUrlLength();
    }

    public Uni<Void> reconcile(Claimed job) {
        return job.legacy() ? timeOut(job, 0) : poll(job);
    }

    private Uni<Void> poll(Claimed job) {
        return runs.getRun(job.id())
                .map(run -> RunState.of(job.id(), run, Instant.now(), maxImages, maxUrlLength))
                .onFailure().recoverWithItem(failure -> {
                    LOG.infof("job %s: run could not be polled, trying again later: %s", job.id(), failure.getMessage());
                    return new RunState(RunState.Kind.PENDING, "unknown", null);
                })
                .invoke(state -> metrics.polled(state.kind()))
                .chain(state -> switch (state.kind()) {
                    case OUTCOME -> take(job, state);
                    case OUTPUT_MISSING -> redeliver(job, state);
                    case PENDING -> later(job, 0, state.statusCode());
                });
    }

    private Uni<Void> take(Claimed job, RunState state) {
        LOG.infof("job %s: no callback, but the run is %s: taking its outcome from the poll", job.id(), state.statusCode());
        return publisher.publish(job.id(), encoder.encode(state.outcome()))
                .chain(() -> settle(job, 0))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("job %s: the polled outcome could not be published, trying again later: %s", job.id(),
                            failure.getMessage());
                    return settle(job, 0);
                });
    }

    private Uni<Void> redeliver(Claimed job, RunState state) {
        if (job.redeliveries() >= MAX_REDELIVERIES) {
            return later(job, 0, state.statusCode());
        }
        LOG.infof("job %s: the run is %s but its output has no images: asking Runflow to deliver its callback again",
                job.id(), state.statusCode());
        return runs.redeliverCallback(job.id())
                .invoke(metrics::redeliveryAsked)
                .replaceWith(1)
                .onFailure().recoverWithItem(failure -> {
                    LOG.infof("job %s: callback redelivery could not be asked for: %s", job.id(), failure.getMessage());
                    return 0;
                })
                .chain(asked -> later(job, asked, state.statusCode()));
    }

    /** Polls again later, or times the job out if its deadline has passed. */
    private Uni<Void> later(Claimed job, int redeliveries, String status) {
        if (policy.timesOut(job.submittedAt(), Instant.now())) {
            return timeOut(job, 1);
        }
        LOG.debugf("job %s: run is %s, polling again later", job.id(), status);
        return store.settle(owner, job.id(), nextPoll(job), 1, redeliveries);
    }

    private Uni<Void> settle(Claimed job, int redeliveries) {
        return store.settle(owner, job.id(), nextPoll(job), 1, redeliveries);
    }

    private Instant nextPoll(Claimed job) {
        return policy.nextPoll(job.submittedAt(), job.polls() + 1, Instant.now(), ThreadLocalRandom.current()::nextDouble);
    }

    private Uni<Void> timeOut(Claimed job, int polls) {
        return store.timeOut(owner, job.id(), polls).invoke(timedOut -> {
            if (timedOut) {
                metrics.timedOut();
                LOG.warnf("job %s (%s API) is TIMED_OUT: no outcome from Runflow since %s; a callback arriving later is "
                        + "still taken", job.id(), job.api(), job.submittedAt());
            }
        }).replaceWithVoid();
    }
}
