package dev.headshots.ingest.console;

import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.job.Replays;
import dev.headshots.ingest.lifecycle.Cancellations;
import dev.headshots.ingest.lifecycle.ErasureRequests;
import dev.headshots.ingest.lifecycle.ErasureWorker;
import dev.headshots.ingest.notify.DeliveryWorker;
import dev.headshots.ingest.notify.NotificationRecords;
import dev.headshots.ingest.outbox.EventsWritten;
import dev.headshots.ingest.retry.RetryWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The actions of a job's page, each behind a confirmation page (a GET, which works without JavaScript) whose form posts the
 * action with the session's CSRF token: replay the failed images ({@link Replays#replay}, as {@code POST /v1/.../replay}) and
 * redeliver the notification ({@link NotificationRecords#redeliver}), cancel ({@link Cancellations#cancel}, as
 * {@code POST /v1/.../cancel}) and erase ({@link ErasureRequests#request}, as {@code DELETE /v1/headshots/{id}}). Each acts on
 * the job's own tenant, which for an admin is read from the job. Done, the browser is sent back to the job's page (303);
 * refused, an error page says why (409).
 */
@Path("/console/jobs/{id}")
@Produces(MediaType.TEXT_HTML)
public class JobActionsResource {

    private final ConsoleJobs jobs;
    private final Replays replays;
    private final RetryWorker retries;
    private final NotificationRecords notifications;
    private final DeliveryWorker deliveries;
    private final Cancellations cancellations;
    private final ErasureRequests erasures;
    private final ErasureWorker erasureWorker;
    private final Event<EventsWritten> written;

    public JobActionsResource(ConsoleJobs jobs, Replays replays, RetryWorker retries, NotificationRecords notifications,
            DeliveryWorker deliveries, Cancellations cancellations, ErasureRequests erasures, ErasureWorker erasureWorker,
            Event<EventsWritten> written) {
        this.cancellations = cancellations;
        this.erasures = erasures;
        this.erasureWorker = erasureWorker;
        this.written = written;
        this.jobs = jobs;
        this.replays = replays;
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
        return act(request, id, csrf, (uuid, tenant) -> replays.replay(uuid, tenant).invoke(replay -> {
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
        }));
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
        return act(request, id, csrf, (uuid, tenant) -> notifications.redeliver(uuid, tenant).invoke(redelivery -> {
            switch (redelivery.outcome()) {
                case STARTED -> deliveries.wake();
                case UNKNOWN_JOB -> throw ConsoleProblem.notFound("There is no job " + uuid + ".");
                case ERASED -> throw ConsoleProblem.conflict("The job is erased or being erased: its events are not sent "
                        + "again.");
                case NO_URL -> throw ConsoleProblem.conflict("Neither the job nor its tenant has a notify URL.");
                case ENDPOINT_DISABLED -> throw ConsoleProblem.conflict("The tenant's notify URL answered 410 Gone and "
                        + "is disabled; set it again to enable it.");
                case NO_EVENT -> throw ConsoleProblem.conflict("The job has no event yet; it has one once it has "
                        + "finished.");
                case IN_PROGRESS -> throw ConsoleProblem.conflict("The latest event is still being delivered.");
            }
        }));
    }

    @GET
    @Path("/cancel")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> confirmCancel(@RestPath String id, RoutingContext request) {
        return confirm(request, id, "Cancel the job?", "The job becomes CANCELLED and its tenant is sent a "
                + "headshots.cancelled event. Runflow cannot be asked to stop the run: if it calls back later, nothing is "
                + "fetched.", "cancel", "Cancel the job");
    }

    @POST
    @Path("/cancel")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> cancel(@RestPath String id, @RestForm String csrf, RoutingContext request) {
        return act(request, id, csrf, (uuid, tenant) -> cancellations.cancel(uuid, tenant).invoke(outcome -> {
            if (outcome == null) {
                throw ConsoleProblem.notFound("There is no job " + uuid + ".");
            }
            if (outcome.cancelledNow()) {
                written.fire(new EventsWritten());
            } else if (!outcome.cancelledBefore()) {
                throw ConsoleProblem.conflict("The job is " + outcome.before() + "; only a job Runflow has not reported "
                        + "on (SUBMITTED or TIMED_OUT) can be cancelled.");
            }
        }));
    }

    @GET
    @Path("/erase")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> confirmErase(@RestPath String id, RoutingContext request) {
        return confirm(request, id, "Erase the job?", "Its images are deleted from the bucket, and what identifies the "
                + "person (client_reference_id, metadata, Runflow's links) is forgotten at once. Only a tombstone with its "
                + "counts is kept, and its tenant is sent a headshots.deleted event. This cannot be undone.", "erase",
                "Erase the job");
    }

    @POST
    @Path("/erase")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> erase(@RestPath String id, @RestForm String csrf, RoutingContext request) {
        return act(request, id, csrf, (uuid, tenant) -> erasures.request(uuid, tenant, ErasureRequests.Reason.REQUEST)
                .invoke(before -> {
                    if (before == null) {
                        throw ConsoleProblem.notFound("There is no job " + uuid + ".");
                    }
                    erasureWorker.wake();
                }));
    }

    /**
     * Checks the form's CSRF token, finds the job if the user may see it, and runs {@code action} on its id and tenant; done,
     * the browser goes back to the job's page.
     */
    private Uni<RestResponse<String>> act(RoutingContext request, String id, String csrf,
            BiFunction<UUID, String, Uni<?>> action) {
        ConsoleUser user = ConsoleUser.of(request);
        user.requireCsrf(csrf);
        return jobs.visible(user, id).chain(job -> {
            UUID uuid = job.getUUID("headshots_id");
            return action.apply(uuid, job.getString("tenant_id")).map(done -> Pages.seeOther("/console/jobs/" + uuid));
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
