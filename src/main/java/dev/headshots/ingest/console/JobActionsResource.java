package dev.headshots.ingest.console;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.intake.JobStore;
import dev.headshots.ingest.notify.DeliveryWorker;
import dev.headshots.ingest.notify.NotificationRecords;
import dev.headshots.ingest.retry.RetryWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The actions of a job's page, each behind a confirmation page (a GET, which works without JavaScript) whose form posts the
 * action with the session's CSRF token: replay the failed images ({@link JobStore#replay}, as {@code POST /v1/.../replay}) and
 * redeliver the notification ({@link NotificationRecords#redeliver}). Both act on the job's own tenant, which for an admin is
 * read from the job. Done, the browser is sent back to the job's page (303); refused, an error page says why (409).
 */
@Path("/console/jobs/{id}")
@Produces(MediaType.TEXT_HTML)
public class JobActionsResource {

    private final ConsoleJobs jobs;
    private final JobStore store;
    private final RetryWorker retries;
    private final NotificationRecords notifications;
    private final DeliveryWorker deliveries;

    public JobActionsResource(ConsoleJobs jobs, JobStore store, RetryWorker retries, NotificationRecords notifications,
            DeliveryWorker deliveries) {
        this.jobs = jobs;
        this.store = store;
        this.retries = retries;
        this.notifications = notifications;
        this.deliveries = deliveries;
    }

    @GET
    @Path("/replay")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> confirmReplay(@RestPath String id, RoutingContext request) {
        return confirm(request, id, "Replay the failed images?", "Images that failed or expired are copied again from "
                + "Runflow's links, if those links still work. The job is copying again until they settle, and its tenant "
                + "is sent a new event.", "replay", "Replay");
    }

    @POST
    @Path("/replay")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> replay(@RestPath String id, @RestForm String csrf, RoutingContext request) {
        ConsoleUser user = ConsoleUser.of(request);
        user.requireCsrf(csrf);
        return jobs.visible(user, id).chain(job -> {
            UUID uuid = job.getUUID("headshots_id");
            return store.replay(uuid, job.getString("tenant_id")).map(replay -> {
                if (replay == null) {
                    throw ConsoleProblem.notFound("There is no job " + uuid + ".");
                }
                if (!replay.before().isTerminal()) {
                    throw ConsoleProblem.conflict("The job is " + replay.before() + "; it can be replayed once it has "
                            + "finished.");
                }
                if (replay.replayed().isEmpty()) {
                    throw ConsoleProblem.conflict(replay.notReplayable().isEmpty()
                            ? "Every image is stored; there is nothing to replay."
                            : "The links of the images that are not stored (" + replay.notReplayable() + ") have expired;"
                                    + " ask Runflow for the job again.");
                }
                retries.wake();
                return Pages.seeOther("/console/jobs/" + uuid);
            });
        });
    }

    @GET
    @Path("/redeliver")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> confirmRedeliver(@RestPath String id, RoutingContext request) {
        return confirm(request, id, "Redeliver the notification?", "The job's latest event is sent to its notify URL "
                + "again, with the same webhook-id, and retried as a new delivery.", "redeliver", "Redeliver");
    }

    @POST
    @Path("/redeliver")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> redeliver(@RestPath String id, @RestForm String csrf, RoutingContext request) {
        ConsoleUser user = ConsoleUser.of(request);
        user.requireCsrf(csrf);
        return jobs.visible(user, id).chain(job -> {
            UUID uuid = job.getUUID("headshots_id");
            return notifications.redeliver(uuid, job.getString("tenant_id")).map(redelivery -> {
                switch (redelivery.outcome()) {
                    case STARTED -> deliveries.wake();
                    case UNKNOWN_JOB -> throw ConsoleProblem.notFound("There is no job " + uuid + ".");
                    case NO_URL -> throw ConsoleProblem.conflict("Neither the job nor its tenant has a notify URL.");
                    case ENDPOINT_DISABLED -> throw ConsoleProblem.conflict("The tenant's notify URL answered 410 Gone and "
                            + "is disabled; set it again to enable it.");
                    case NO_EVENT -> throw ConsoleProblem.conflict("The job has no event yet; it has one once it has "
                            + "finished.");
                    case IN_PROGRESS -> throw ConsoleProblem.conflict("The latest event is still being delivered.");
                }
                return Pages.<String>seeOther("/console/jobs/" + uuid);
            });
        });
    }

    private Uni<RestResponse<String>> confirm(RoutingContext request, String id, String title, String explanation,
            String action, String button) {
        ConsoleUser user = ConsoleUser.of(request);
        return jobs.visible(user, id).chain(job -> {
            String page = "/console/jobs/" + job.getUUID("headshots_id");
            return Pages.ok(Pages.confirm(Pages.Nav.of(user, "jobs"),
                    new Pages.Confirmation(title, explanation, page + "/" + action, button, page)));
        });
    }
}
