package dev.headshots.ingest.notify;

import java.net.URI;
import java.util.UUID;

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
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.state.JobIds;
import dev.headshots.ingest.tenant.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/headshots/{id}/notification/redeliver}: sends a job's latest event to its notify URL again, with the same
 * {@code webhook-id}. Another tenant's job is answered exactly as an unknown id, by the same query.
 */
@Path("/v1/headshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class RedeliveryResource {

    private final NotificationRecords records;
    private final DeliveryWorker worker;
    private final PublicUrls urls;

    public RedeliveryResource(NotificationRecords records, DeliveryWorker worker, PublicUrls urls) {
        this.records = records;
        this.worker = worker;
        this.urls = urls;
    }

    @POST
    @Path("/{headshotsId}/notification/redeliver")
    @Operation(operationId = "redeliverNotification", summary = "Send the job's latest event to its notify URL again, with the same webhook-id", description = "The delivery starts over (attempts from 0, retried for headshots.notify.max-age) to the URL the job or its tenant has now. A job whose event was decided while there was no notify URL gets its first delivery.")
    @APIResponse(responseCode = "202", description = "The delivery is due at once", headers = @Header(name = "Location", ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such job of the caller's tenant")
    @APIResponse(responseCode = "409", ref = "Conflict", description = "The job is erased or being erased (DELETING or DELETED), has no event yet, no notify URL, a disabled endpoint, or a delivery still in progress")
    public Uni<RestResponse<NotificationView>> redeliver(
            @Parameter(description = JobIds.PARAMETER, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath String headshotsId,
            @Context RoutingContext request) {
        UUID id = JobIds.fromPath(headshotsId);
        return records.redeliver(id, Caller.of(request).tenantId()).map(redelivery -> switch (redelivery.outcome()) {
            case STARTED -> {
                worker.wake();
                yield RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, redelivery.delivery())
                        .location(URI.create(urls.status(id))).build();
            }
            case UNKNOWN_JOB -> throw new ProblemException(ProblemKind.NOT_FOUND, "No job " + id + ".");
            case ERASED -> throw conflict("Job " + id + " is erased (or being erased): its events are not sent again.");
            case NO_URL -> throw conflict("Neither job " + id + " nor its tenant has a notify_url.");
            case ENDPOINT_DISABLED -> throw conflict("The tenant's notify_url answered 410 Gone and is disabled; set it again "
                    + "(PATCH /admin/v1/tenants/{id}) to enable it.");
            case NO_EVENT -> throw conflict("Job " + id + " has no event yet; it has one once it has finished.");
            case IN_PROGRESS -> throw conflict("The latest event of job " + id + " is still being delivered.");
        });
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(ProblemKind.CONFLICT, detail);
    }
}
