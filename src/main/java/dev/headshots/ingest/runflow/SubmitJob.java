package dev.headshots.ingest.runflow;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.runflow.RunflowConfig.Api;
import dev.headshots.ingest.tracing.TraceParents;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * Submits checked photos to Runflow with a callback URL of their own: reserve a fresh token within the tenant's quotas (429
 * past one, and Runflow is not called), call Runflow through the configured API ({@code headshots.runflow.api}: the legacy
 * endpoint, or a run of the runs platform), then record the job as the tenant's, {@code SUBMITTED}; if Runflow refuses, release
 * the token and fail with a 502 that carries Runflow's reason (any other failure, such as our bucket refusing a run's photos,
 * releases it too). The token itself lives only in the callback URL handed to Runflow. The whole submission is the span
 * {@code submit job}; its context is stored with the job, so that the callback's trace, an hour or two later, links to it.
 */
@ApplicationScoped
public class SubmitJob {

    private static final Logger LOG = Logger.getLogger(SubmitJob.class);
    private static final Duration RECORD_BACKOFF = Duration.ofMillis(200);
    private static final int RECORD_ATTEMPTS = 5;

    private final CallbackTokens tokens;
    private final Submissions submissions;
    private final RunflowClient runflow;
    private final RunsSubmitter runs;
    private final PublicUrls urls;
    private final Tracing tracing;
    private final Api api;

    public SubmitJob(CallbackTokens tokens, Submissions submissions, RunflowClient runflow, RunsSubmitter runs,
            PublicUrls urls, Tracing tracing, RunflowConfig config) {
        this.tokens = tokens;
        this.submissions = submissions;
        this.runflow = runflow;
        this.runs = runs;
        this.urls = urls;
        this.tracing = tracing;
        this.api = config.api();
    }

    /**
     * Yields the {@code headshots_id} of the job Runflow accepted (with the runs API, the run's id), recorded as
     * {@code tenantId}'s with {@code details}; the tenant is also carried in a run's {@code metadata}.
     */
    public Uni<UUID> submit(List<Photo> photos, String tenantId, SubmissionDetails details) {
        return tracing.span("submit job", SpanKind.INTERNAL, Context.current(), Attributes.empty(),
                span -> submit(photos, tenantId, details, span));
    }

    private Uni<UUID> submit(List<Photo> photos, String tenantId, SubmissionDetails details, Context span) {
        String token = tokens.generate();
        byte[] digest = CallbackTokens.digest(token);
        return submissions.reserve(digest, tenantId)
                .chain(() -> send(photos, urls.callback(token), tenantId)
                        .onFailure().call(() -> submissions.release(digest))
                        .onFailure(RunflowFailure.class).transform(failure -> new ProblemException(
                                ProblemKind.UPSTREAM_FAILED, failure.getMessage())))
                .invoke(job -> Span.fromContext(span).setAttribute(Tracing.JOB, job.id().toString()))
                .call(job -> submissions.record(job, photos.size(), digest, tenantId, details, TraceParents.of(span))
                        .onFailure().retry().withBackOff(RECORD_BACKOFF).atMost(RECORD_ATTEMPTS)
                        .onFailure().transform(failure -> notRecorded(job.id(), failure)))
                .map(SubmittedJob::id);
    }

    private Uni<SubmittedJob> send(List<Photo> photos, String callbackUrl, String tenantId) {
        return api == Api.RUNS
                ? runs.submit(photos, callbackUrl, tenantId)
                : runflow.submit(photos, callbackUrl).map(SubmittedJob::legacy);
    }

    private static ProblemException notRecorded(UUID id, Throwable failure) {
        LOG.errorf("job %s: Runflow accepted it but it could not be recorded: %s", id, failure.getMessage());
        return new ProblemException(ProblemKind.UNAVAILABLE, "Runflow accepted job " + id
                + " but it could not be recorded; its callback will be refused. Submit the photos again later.",
                List.of(), RECORD_BACKOFF);
    }
}
