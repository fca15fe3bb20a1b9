package dev.headshots.ingest.lifecycle;

import java.net.URI;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.outbox.EventsWritten;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.state.JobIds;
import dev.headshots.ingest.state.JobStatus;
import dev.headshots.ingest.tenant.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/headshots/{headshots_id}/cancel}: cancel a job Runflow has not reported on; {@code DELETE
 * /v1/headshots/{headshots_id}}: erase a job's images and what identifies the person, keeping a tombstone. Both are the
 * caller's tenant's only: another tenant's job is answered exactly as an unknown id, and nothing is changed.
 */
@Path("/v1/headshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
@APIResponse(responseCode = "404", ref = "NotFound", description = "No such job of the caller's tenant (another tenant's job is answered the same, and nothing is changed)")
public class LifecycleResource {

    private final Cancellations cancellations;
    private final ErasureRequests erasures;
    private final ErasureWorker worker;
    private final Event<EventsWritten> written;
    private final PublicUrls urls;

    public LifecycleResource(Cancellations cancellations, ErasureRequests erasures, ErasureWorker worker,
            Event<EventsWritten> written, PublicUrls urls) {
        this.cancellations = cancellations;
        this.erasures = erasures;
        this.worker = worker;
        this.written = written;
        this.urls = urls;
    }

    @POST
    @Path("/{headshotsId}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job that Runflow has not reported on (SUBMITTED or TIMED_OUT)", description = "The job becomes CANCELLED and a headshots.cancelled event is published on headshots.lifecycle. Runflow cannot be asked to stop the run: a callback that arrives later is answered 200 and recorded as a delivery, and nothing is fetched. Cancelling a job already cancelled this way answers 200 again.")
    @APIResponse(responseCode = "200", description = "The job is CANCELLED", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "409", ref = "Conflict", description = "The job has an outcome already, is being copied, or is erased")
    public Uni<LifecycleView> cancel(
            @Parameter(description = JobIds.PARAMETER, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath String headshotsId,
            @Context RoutingContext request) {
        UUID id = JobIds.fromPath(headshotsId);
        return cancellations.cancel(id, Caller.of(request).tenantId()).map(outcome -> {
            if (outcome == null) {
                throw unknown(id);
            }
            if (outcome.cancelledNow()) {
                written.fire(new EventsWritten());
            } else if (!outcome.cancelledBefore()) {
                throw new ProblemException(ProblemKind.CONFLICT, "Job " + id + " is " + outcome.before()
                        + "; only a job that is SUBMITTED or TIMED_OUT can be cancelled.");
            }
            return new LifecycleView(id, JobStatus.CANCELLED, urls.status(id));
        });
    }

    @DELETE
    @Path("/{headshotsId}")
    @Operation(operationId = "deleteJob", summary = "Erase a job: its images, its run's photos, and what identifies the person", description = "Any job, in any state. The job becomes DELETING at once: its client_reference_id, metadata and source URLs are forgotten, copies in flight are released, and no callback will fetch anything for it again. Its objects are then removed from the bucket (open multipart uploads aborted), and it reads DELETED, a tombstone with its counts; a headshots.deleted event is published once every object is gone. Idempotent: asking again answers with the job's status now.")
    @APIResponse(responseCode = "202", description = "The job's objects are being removed (DELETING); poll status_url", headers = @Header(name = "Location", ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "200", description = "The job was erased already (DELETED)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LifecycleView.class)))
    public Uni<RestResponse<LifecycleView>> delete(
            @Parameter(description = JobIds.PARAMETER, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath String headshotsId,
            @Context RoutingContext request) {
        UUID id = JobIds.fromPath(headshotsId);
        return erasures.request(id, Caller.of(request).tenantId(), ErasureRequests.Reason.REQUEST).map(before -> {
            if (before == null) {
                throw unknown(id);
            }
            if (before == JobStatus.DELETED) {
                return RestResponse.ok(new LifecycleView(id, JobStatus.DELETED, urls.status(id)));
            }
            worker.wake();
            return RestResponse.ResponseBuilder
                    .create(RestResponse.Status.ACCEPTED, new LifecycleView(id, JobStatus.DELETING, urls.status(id)))
                    .location(URI.create(urls.status(id)))
                    .build();
        });
    }

    private static ProblemException unknown(UUID id) {
        return new ProblemException(ProblemKind.NOT_FOUND, "No job " + id + ".");
    }
}
