package dev.headshots.ingest.job;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

import dev.headshots.ingest.problem.Problem;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/headshots/{headshots_id}}: a job's status and, per image, where it is stored or why it is not. */
@Path("/v1/headshots")
public class JobResource {

    @GET
    @Path("/{headshotsId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job's status, and where each of its images is stored or why it is not")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @WithSession
    public Uni<JobView> get(@RestPath String headshotsId) {
        UUID id = parse(headshotsId);
        return HeadshotJob.<HeadshotJob>findById(id)
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemKind.NOT_FOUND, "No job " + id + "."))
                .chain(job -> HeadshotImage.ofJob(id).map(images -> JobView.of(job, images)));
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.NOT_FOUND, "No job with that id.");
        }
    }
}
