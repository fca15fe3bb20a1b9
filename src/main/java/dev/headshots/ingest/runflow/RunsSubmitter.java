package dev.headshots.ingest.runflow;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.headshots.ingest.runflow.RunflowConfig.Api;
import io.smallrye.mutiny.Uni;

/**
 * Submits checked photos as a run of Runflow's runs platform: the photos go to our bucket first ({@link RunPhotos}), then a run
 * is created with {@code input.input_images} (their presigned GET URLs), our {@code callback_url}, and {@code metadata}
 * carrying our submission's id ({@value #SUBMISSION_ID}) and the tenant ({@value #TENANT}), which Runflow echoes in every
 * callback of the run. If the run is not created, the photos are deleted again and the {@link RunflowFailure} is passed on; a
 * photo that could not be uploaded fails the submission before Runflow is called.
 */
@ApplicationScoped
public class RunsSubmitter {

    static final String SUBMISSION_ID = "headshots_submission_id";
    static final String TENANT = "tenant";
    static final String INPUT_IMAGES = "input_images";

    private static final Logger LOG = Logger.getLogger(RunsSubmitter.class);

    private final RunPhotos photos;
    private final RunflowRuns runs;
    private final ObjectMapper json;

    public RunsSubmitter(RunPhotos photos, RunflowRuns runs, ObjectMapper json) {
        this.photos = photos;
        this.runs = runs;
        this.json = json;
    }

    public Uni<SubmittedJob> submit(List<Photo> checked, String callbackUrl, String tenantId) {
        UUID submission = UUID.randomUUID();
        ObjectNode metadata = json.createObjectNode().put(SUBMISSION_ID, submission.toString()).put(TENANT, tenantId);
        return photos.upload(submission, checked)
                .onFailure().call(() -> forget(photos.keysOf(submission, checked)))
                .chain(keys -> {
                    ObjectNode input = json.createObjectNode();
                    input.putArray(INPUT_IMAGES).addAll(photos.links(keys).stream().map(json.getNodeFactory()::textNode)
                            .toList());
                    return runs.createRun(input, callbackUrl, metadata)
                            .onFailure(RunflowFailure.class).call(() -> forget(keys))
                            .map(run -> new SubmittedJob(run, Api.RUNS, metadata.toString(), keys));
                });
    }

    /** Deletes the photos of a submission Runflow did not take; a failure leaves them to the bucket's lifecycle rule. */
    private Uni<Void> forget(List<String> keys) {
        return photos.delete(keys)
                .onFailure().invoke(failure -> LOG.warnf("photos of a refused submission could not be deleted: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull();
    }
}
