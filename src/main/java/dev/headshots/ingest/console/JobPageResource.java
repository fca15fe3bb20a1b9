package dev.headshots.ingest.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.job.ImageLinks;
import dev.headshots.ingest.notify.NotificationRecords;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /console/jobs/{id}}: one job's page; {@code GET /console/jobs/{id}/live}: its tiles and counts alone, fetched once
 * a second while it copies. A job the user does not see (another tenant's) is a 404, exactly as an unknown id.
 */
@Path("/console/jobs/{id}")
@Produces(MediaType.TEXT_HTML)
public class JobPageResource {

    private final ConsoleJobs jobs;
    private final NotificationRecords notifications;
    private final ImageLinks links;

    public JobPageResource(ConsoleJobs jobs, NotificationRecords notifications, ImageLinks links) {
        this.jobs = jobs;
        this.notifications = notifications;
        this.links = links;
    }

    @GET
    @Operation(hidden = true)
    public Uni<RestResponse<String>> page(@RestPath String id, RoutingContext request) {
        ConsoleUser user = ConsoleUser.of(request);
        return detail(user, id).chain(job -> Pages.ok(Pages.job(Pages.Nav.of(user, "jobs"), job)));
    }

    @GET
    @Path("/live")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> live(@RestPath String id, RoutingContext request) {
        return detail(ConsoleUser.of(request), id).chain(job -> Pages.ok(Pages.job$live(job)));
    }

    private Uni<JobDetail> detail(ConsoleUser user, String id) {
        return jobs.visible(user, id).chain(job -> jobs.images(job.getUUID("headshots_id"))
                .chain(images -> notifications.latestOf(job.getUUID("headshots_id"), job.getString("tenant_id"))
                        .chain(notification -> jobs.events(job.getUUID("headshots_id"), job.getInteger("replays"))
                                .map(events -> JobDetail.of(job, images, notification, events, links)))));
    }
}
