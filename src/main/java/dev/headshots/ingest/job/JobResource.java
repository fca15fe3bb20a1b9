package dev.headshots.ingest.job;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
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
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.config.PageSize;
import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.notify.NotificationRecords;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.retry.RetryWorker;
import dev.headshots.ingest.state.JobIds;
import dev.headshots.ingest.state.JobStatus;
import dev.headshots.ingest.tenant.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/headshots/{headshots_id}}: a job's status and, per image, a presigned URL of our bucket or why it is not
 * stored; {@code GET /v1/headshots}: jobs newest first, filtered by status or client reference, with keyset pagination;
 * {@code POST /v1/headshots/{headshots_id}/replay}: copy a finished job's failed and expired images again. Everything is the
 * caller's tenant's: another tenant's job is answered exactly as an unknown id, by the same query.
 */
@Path("/v1/headshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobResource {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "headshotsId");

    private final ImageLinks links;
    private final PublicUrls urls;
    private final ApiConfig api;
    private final Replays replays;
    private final RetryWorker worker;
    private final NotificationRecords notifications;

    public JobResource(ImageLinks links, PublicUrls urls, ApiConfig api, Replays replays, RetryWorker worker,
            NotificationRecords notifications) {
        this.links = links;
        this.urls = urls;
        this.api = api;
        this.replays = replays;
        this.worker = worker;
        this.notifications = notifications;
    }

    @GET
    @Path("/{headshotsId}")
    @Operation(operationId = "getJob", summary = "A job's status, and per image a download URL of our bucket or why it is not stored")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such job of the caller's tenant (another tenant's job is answered the same)")
    @WithSession
    public Uni<JobView> get(
            @Parameter(description = JobIds.PARAMETER, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath String headshotsId,
            @Context RoutingContext request) {
        UUID id = JobIds.fromPath(headshotsId);
        return HeadshotJob.ofTenant(id, Caller.of(request).tenantId())
                .onItem().ifNull().failWith(() -> unknown(id))
                .chain(job -> HeadshotImage.ofJob(id).chain(images -> notifications.latestOf(id, job.tenantId)
                        .map(notification -> JobView.of(job, images, links, notification))));
    }

    @POST
    @Path("/{headshotsId}/replay")
    @Operation(operationId = "replayJob", summary = "Copy again the images of a finished job that are FAILED or EXPIRED, while their source URLs are still valid", description = "Unlike a repeated callback, which never redoes settled work, a replay starts the job's FAILED and EXPIRED images over (attempts from 1) if Runflow's URL for them has not expired. The job is COPYING again until they settle, and then publishes a headshots.stored event of its own, with data.replay set.")
    @APIResponse(responseCode = "202", description = "Images started over; poll status_url", headers = @Header(name = "Location", ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReplayView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such job of the caller's tenant")
    @APIResponse(responseCode = "409", ref = "Conflict", description = "The job is not finished yet, is erased, or none of its images can be replayed")
    public Uni<RestResponse<ReplayView>> replay(
            @Parameter(description = JobIds.PARAMETER, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath String headshotsId,
            @Context RoutingContext request) {
        UUID id = JobIds.fromPath(headshotsId);
        return replays.replay(id, Caller.of(request).tenantId()).map(replay -> {
            if (replay == null) {
                throw unknown(id);
            }
            if (replay.before().isErased()) {
                throw new ProblemException(ProblemKind.CONFLICT, "Job " + id + " is " + replay.before()
                        + "; an erased job cannot be replayed.");
            }
            if (!replay.before().isTerminal()) {
                throw new ProblemException(ProblemKind.CONFLICT,
                        "Job " + id + " is " + replay.before() + "; it can be replayed once it has finished.");
            }
            if (replay.replayed().isEmpty()) {
                throw new ProblemException(ProblemKind.CONFLICT, replay.notReplayable().isEmpty()
                        ? "Every image of job " + id + " is stored; there is nothing to replay."
                        : "The source URLs of the images that are not stored (" + replay.notReplayable()
                                + ") have expired; ask Runflow for the job again.");
            }
            worker.wake();
            return RestResponse.ResponseBuilder
                    .create(RestResponse.Status.ACCEPTED, new ReplayView(id, JobStatus.COPYING, replay.replay(),
                            replay.replayed(), replay.notReplayable(), urls.status(id)))
                    .location(URI.create(urls.status(id)))
                    .build();
        });
    }

    @GET
    @Operation(operationId = "listJobs", summary = "The caller's jobs, newest first; follow next for the following page", description = "DELETING and DELETED jobs are left out unless status asks for them.")
    @APIResponse(responseCode = "200", description = "A page of jobs", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobPage.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest", description = "Unknown status, limit out of range, or a cursor this service did not write for this tenant")
    @WithSession
    public Uni<JobPage> list(
            @Parameter(description = "Only jobs in this status", schema = @Schema(implementation = JobStatus.class)) @RestQuery String status,
            @Parameter(description = "Only jobs submitted with this client_reference_id") @RestQuery("client_reference_id") String reference,
            @Parameter(description = "Jobs per page, 1 to headshots.api.max-page-size (100); default headshots.api.page-size (20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @RestQuery String limit,
            @Parameter(description = "The next value of the previous page") @RestQuery String after,
            @Context RoutingContext request) {
        String tenant = Caller.of(request).tenantId();
        int size = PageSize.of(limit, api.pageSize(), api.maxPageSize());
        ListQuery query = ListQuery.of(tenant, status, reference, after);
        return HeadshotJob.<HeadshotJob>find(query.where(), NEWEST_FIRST, query.parameters())
                .page(0, size + 1)
                .list()
                .map(jobs -> JobPage.of(jobs, size, urls.statusBase()));
    }

    /** The where clause of {@code GET /v1/headshots} and its named parameters: the tenant's jobs, then each filter given. */
    private record ListQuery(String where, Map<String, Object> parameters) {

        static ListQuery of(String tenant, String status, String reference, String after) {
            StringBuilder where = new StringBuilder("tenantId = :tenant");
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("tenant", tenant);
            if (status != null) {
                where.append(" and status = :status");
                parameters.put("status", status(status));
            } else {
                // erased jobs only when asked for by status: a tombstone is not a job the app has any more
                where.append(" and status not in (:erased)");
                parameters.put("erased", java.util.List.of(JobStatus.DELETING, JobStatus.DELETED));
            }
            if (reference != null) {
                where.append(" and clientReferenceId = :reference");
                parameters.put("reference", reference);
            }
            if (after != null) {
                PageCursor cursor = PageCursor.decode(after, tenant);
                where.append(" and (createdAt < :at or (createdAt = :at and headshotsId < :id))");
                parameters.put("at", cursor.createdAt());
                parameters.put("id", cursor.headshotsId());
            }
            return new ListQuery(where.toString(), parameters);
        }
    }

    private static ProblemException unknown(UUID id) {
        return new ProblemException(ProblemKind.NOT_FOUND, "No job " + id + ".");
    }

    private static JobStatus status(String text) {
        try {
            return JobStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "status must be one of " + Arrays.toString(
                    JobStatus.values()) + ".");
        }
    }
}
