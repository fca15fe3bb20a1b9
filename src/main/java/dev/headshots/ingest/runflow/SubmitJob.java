package dev.headshots.ingest.runflow;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;

/**
 * Submits checked photos to Runflow with a callback URL of their own: reserve a fresh token within the tenant's quotas (429
 * past one, and Runflow is not called), call Runflow, then record the job as the tenant's, {@code SUBMITTED}; if Runflow
 * refuses, release the token and fail with a 502 that carries Runflow's reason. The token itself lives only in the callback URL
 * handed to Runflow.
 */
@ApplicationScoped
public class SubmitJob {

    private static final Logger LOG = Logger.getLogger(SubmitJob.class);
    private static final Duration RECORD_BACKOFF = Duration.ofMillis(200);
    private static final int RECORD_ATTEMPTS = 5;

    private final CallbackTokens tokens;
    private final Submissions submissions;
    private final RunflowClient runflow;
    private final PublicUrls urls;

    public SubmitJob(CallbackTokens tokens, Submissions submissions, RunflowClient runflow, PublicUrls urls) {
        this.tokens = tokens;
        this.submissions = submissions;
        this.runflow = runflow;
        this.urls = urls;
    }

    /** Yields the {@code headshots_id} of the job Runflow accepted, recorded as {@code tenantId}'s with {@code details}. */
    public Uni<UUID> submit(List<Photo> photos, String tenantId, SubmissionDetails details) {
        String token = tokens.generate();
        byte[] digest = CallbackTokens.digest(token);
        return submissions.reserve(digest, tenantId)
                .chain(() -> runflow.submit(photos, urls.callback(token))
                        .onFailure(RunflowFailure.class).call(() -> submissions.release(digest))
                        .onFailure(RunflowFailure.class).transform(failure -> new ProblemException(
                                ProblemKind.UPSTREAM_FAILED, failure.getMessage())))
                .call(id -> submissions.record(id, photos.size(), digest, tenantId, details)
                        .onFailure().retry().withBackOff(RECORD_BACKOFF).atMost(RECORD_ATTEMPTS)
                        .onFailure().transform(failure -> notRecorded(id, failure)));
    }

    private static ProblemException notRecorded(UUID id, Throwable failure) {
        LOG.errorf("job %s: Runflow accepted it but it could not be recorded: %s", id, failure.getMessage());
        return new ProblemException(ProblemKind.UNAVAILABLE, "Runflow accepted job " + id
                + " but it could not be recorded; its callback will be refused. Submit the photos again later.",
                List.of(), RECORD_BACKOFF);
    }
}
