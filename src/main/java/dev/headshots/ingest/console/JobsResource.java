package dev.headshots.ingest.console;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.job.PageCursor;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /console/jobs}: the user's jobs newest first (an admin's: every tenant's, or one tenant's), filtered by status,
 * searched by {@code headshots_id} or {@code client_reference_id}, in keyset pages; {@code GET /console/jobs?part=rows}: the
 * same page's rows alone, which the page fetches every few seconds while a job on it is still moving.
 */
@Path("/console/jobs")
@Produces(MediaType.TEXT_HTML)
public class JobsResource {

    private static final String EVERY_TENANT = "*";
    /** {@code part=rows}: the rows alone (not a path of their own: {@code /console/jobs/{id}} would take it). */
    static final String ROWS = "rows";

    private final ConsoleJobs jobs;
    private final int pageSize;

    public JobsResource(ConsoleJobs jobs, ConsoleConfig config) {
        this.jobs = jobs;
        this.pageSize = config.pageSize();
    }

    @GET
    @Operation(hidden = true)
    public Uni<RestResponse<String>> list(@RestQuery String status, @RestQuery String q, @RestQuery String tenant,
            @RestQuery String after, @RestQuery String part, RoutingContext request) {
        ConsoleUser user = ConsoleUser.of(request);
        return read(user, status, q, tenant, after).chain(list -> Pages.ok(ROWS.equals(part)
                ? Pages.jobs$rows(list)
                : Pages.jobs(Pages.Nav.of(user, "jobs"), list)));
    }

    private Uni<JobList> read(ConsoleUser user, String status, String q, String tenantFilter, String after) {
        String scope = user.scope(tenantFilter);
        String wanted = status(status);
        String search = q == null || q.isBlank() ? null : q.strip();
        UUID id = search == null ? null : uuid(search);
        PageCursor cursor = cursor(after, scope);
        ConsoleJobs.Query query = new ConsoleJobs.Query(scope, wanted, id, id == null ? search : null,
                cursor == null ? null : ConsoleJobs.utc(cursor.createdAt()), cursor == null ? null : cursor.headshotsId(),
                pageSize + 1);
        Instant now = Instant.now();
        String filterTenant = user.isAdmin() ? scope : null;
        return jobs.page(query).map(found -> {
            List<JobList.JobRow> rows = found.stream().limit(pageSize).map(row -> JobList.JobRow.of(row, now)).toList();
            String next = found.size() > pageSize
                    ? "/console/jobs" + JobList.query(wanted, search, filterTenant, new PageCursor(JobList.instant(
                            found.get(pageSize - 1), "created_at"), found.get(pageSize - 1).getUUID("headshots_id"),
                            scope == null ? EVERY_TENANT : scope).encode())
                    : null;
            return new JobList(rows, user.isAdmin(), wanted, search, filterTenant, Pages.statuses(), next,
                    rows.stream().anyMatch(row -> !row.terminal()),
                    JobList.rowsOf(wanted, search, filterTenant, after), after != null);
        });
    }

    private static String status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status).name();
        } catch (IllegalArgumentException e) {
            throw new ConsoleProblem(400, "There is no job status " + status + ".");
        }
    }

    private static PageCursor cursor(String after, String scope) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            return PageCursor.decode(after, scope == null ? EVERY_TENANT : scope);
        } catch (ProblemException e) {
            throw new ConsoleProblem(400, "That page link is not valid any more; start from the first page.");
        }
    }

    static UUID uuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
