package dev.headshots.ingest.console;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.outbox.StoredEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the console reads of jobs, straight from Postgres with one statement per page: a page of jobs newest first with their
 * stored and failed counts (keyset on {@code (created_at, headshots_id)}, as {@code GET /v1/headshots}), one job, and its
 * images. Every read takes the tenant the user sees ({@code null}: an admin, every tenant), so another tenant's job is not
 * found.
 */
@ApplicationScoped
public class ConsoleJobs {

    static final String JOB_COLUMNS = """
            j.headshots_id, j.tenant_id, j.client_reference_id, j.status, j.image_count, j.created_at, j.submitted_at,
            j.received_at, j.completed_at, j.timed_out_at, j.deliveries, j.replays, j.bucket, j.failure_code, j.failure_message,
            (SELECT count(*) FROM headshot_image i WHERE i.headshots_id = j.headshots_id AND i.status = 'STORED') AS stored,
            (SELECT count(*) FROM headshot_image i WHERE i.headshots_id = j.headshots_id
              AND i.status IN ('FAILED', 'EXPIRED')) AS failed""";

    private static final String PAGE = "SELECT " + JOB_COLUMNS + """

            FROM headshot_job j
            WHERE ($1::varchar IS NULL OR j.tenant_id = $1) AND ($2::varchar IS NULL OR j.status = $2)
              AND ($3::uuid IS NULL OR j.headshots_id = $3) AND ($4::varchar IS NULL OR j.client_reference_id = $4)
              AND ($5::timestamptz IS NULL OR (j.created_at, j.headshots_id) < ($5, $6))
            ORDER BY j.created_at DESC, j.headshots_id DESC LIMIT $7""";

    private static final String ONE = "SELECT " + JOB_COLUMNS + """

            FROM headshot_job j WHERE j.headshots_id = $1 AND ($2::varchar IS NULL OR j.tenant_id = $2)""";

    private static final String IMAGES = """
            SELECT idx, status, object_key, bytes, error, error_detail, attempts, next_attempt_at, deadline
            FROM headshot_image WHERE headshots_id = $1 ORDER BY idx""";

    private static final String EVENTS = """
            SELECT payload::jsonb ->> 'type' AS type, created_at, sent_at FROM outbox_event
            WHERE id = ANY($1) ORDER BY created_at""";

    private final Pool pool;

    public ConsoleJobs(Pool pool) {
        this.pool = pool;
    }

    /** What the jobs list asks for; any field may be null. */
    public record Query(String tenant, String status, UUID id, String reference, OffsetDateTime beforeAt, UUID beforeId,
            int limit) {
    }

    /** Up to {@code limit} jobs of {@code query}, newest first. */
    public Uni<List<Row>> page(Query query) {
        return pool.preparedQuery(PAGE).execute(Tuple.from(Arrays.asList(query.tenant(), query.status(), query.id(),
                query.reference(), query.beforeAt(), query.beforeId(), query.limit())))
                .map(rows -> rows.stream().toList());
    }

    /** Job {@code id} if {@code tenant} (null: any) sees it, else null. */
    public Uni<Row> job(UUID id, String tenant) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id, tenant))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /** The images of job {@code id}, in order. */
    public Uni<List<Row>> images(UUID id) {
        return pool.preparedQuery(IMAGES).execute(Tuple.of(id)).map(rows -> rows.stream().toList());
    }

    /**
     * The events written for job {@code id} that the outbox still holds: its outcomes (the first and one per replay) and its
     * timeout, found by their ids, which are derived from the job (so by primary key, without an index on the job).
     */
    public Uni<List<Row>> events(UUID id, int replays) {
        List<UUID> ids = new java.util.ArrayList<>();
        ids.add(StoredEvent.idOf(id));
        for (int replay = 1; replay <= replays; replay++) {
            ids.add(StoredEvent.idOf(id, replay));
        }
        ids.add(LifecycleEvent.idOf(LifecycleEvent.TIMED_OUT, id));
        return pool.preparedQuery(EVENTS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> rows.stream().toList());
    }

    static OffsetDateTime utc(java.time.Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** The job {@code id} as {@code user} sees it, or a 404 page. */
    public Uni<Row> visible(ConsoleUser user, String id) {
        UUID uuid = JobsResource.uuid(id);
        if (uuid == null) {
            return Uni.createFrom().failure(ConsoleProblem.notFound("There is no job " + id + "."));
        }
        return job(uuid, user.scope(null)).onItem().ifNull()
                .failWith(() -> ConsoleProblem.notFound("There is no job " + uuid + "."));
    }
}
