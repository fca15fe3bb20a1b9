package dev.headshots.ingest.tenant;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Tenants in Postgres. Every write is one statement: creating an id that exists is a 409 (its primary key decides), and a
 * change or a disablement of an unknown id yields nothing.
 */
@ApplicationScoped
public class TenantStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String INSERT = "INSERT INTO tenant (id, name, bucket, key_prefix, max_jobs_in_flight, "
            + "submissions_per_minute, notify_url, retention_images, retention_tombstones) VALUES ($1, $2, $3, $4, $5, $6, $7, "
            + "make_interval(secs => $8), make_interval(secs => $9)) RETURNING " + Tenant.COLUMNS;

    private static final String GET = "SELECT " + Tenant.COLUMNS + " FROM tenant WHERE id = $1";

    private static final String PAGE = "SELECT " + Tenant.COLUMNS + " FROM tenant WHERE id > $1 ORDER BY id LIMIT $2";

    /** Setting {@code notify_url}, even to the same value, enables it again after a 410 disabled it. */
    private static final String UPDATE = "UPDATE tenant SET name = $2, bucket = $3, key_prefix = $4, "
            + "max_jobs_in_flight = $5, submissions_per_minute = $6, notify_url = $7, "
            + "retention_images = make_interval(secs => $8), retention_tombstones = make_interval(secs => $9), "
            + "notify_disabled_at = CASE WHEN $10 THEN NULL ELSE notify_disabled_at END, updated_at = now() WHERE id = $1 "
            + "RETURNING " + Tenant.COLUMNS;

    private static final String DISABLE = "UPDATE tenant SET disabled_at = coalesce(disabled_at, now()), updated_at = now() "
            + "WHERE id = $1 RETURNING " + Tenant.COLUMNS;

    private static final String ENABLE = "UPDATE tenant SET disabled_at = NULL, updated_at = now() WHERE id = $1 RETURNING "
            + Tenant.COLUMNS;

    private static final String ENSURE_DEFAULT = "INSERT INTO tenant (id, name) VALUES ($1, 'Default tenant') "
            + "ON CONFLICT (id) DO NOTHING";

    private final Pool pool;

    public TenantStore(Pool pool) {
        this.pool = pool;
    }

    /** Creates {@code tenant}; a 409 problem when its id is taken. */
    public Uni<Tenant> create(Tenant tenant) {
        return pool.preparedQuery(INSERT).execute(values(tenant))
                .map(TenantStore::first)
                .onFailure(TenantStore::isDuplicate)
                .transform(failure -> new ProblemException(ProblemKind.CONFLICT, "Tenant " + tenant.id() + " exists."));
    }

    public Uni<Optional<Tenant>> get(String id) {
        return pool.preparedQuery(GET).execute(Tuple.of(id)).map(TenantStore::optional);
    }

    /** Up to {@code limit} tenants after {@code after} (an id; "" for the first page), by id. */
    public Uni<List<Tenant>> page(String after, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(after, limit))
                .map(rows -> rows.stream().map(Tenant::from).toList());
    }

    /**
     * Replaces the settable fields of {@code tenant} (found by its id); {@code notifyUrlSet} says the change set its
     * {@code notify_url}, which enables it again if a 410 had disabled it.
     */
    public Uni<Optional<Tenant>> update(Tenant tenant, boolean notifyUrlSet) {
        Tuple values = values(tenant).addValue(notifyUrlSet);
        return pool.preparedQuery(UPDATE).execute(values).map(TenantStore::optional);
    }

    public Uni<Optional<Tenant>> disable(String id) {
        return pool.preparedQuery(DISABLE).execute(Tuple.of(id)).map(TenantStore::optional);
    }

    public Uni<Optional<Tenant>> enable(String id) {
        return pool.preparedQuery(ENABLE).execute(Tuple.of(id)).map(TenantStore::optional);
    }

    /** Creates the tenant {@code default} unless it exists (the migration creates it; this keeps it so). */
    public Uni<Void> ensureDefault() {
        return pool.preparedQuery(ENSURE_DEFAULT).execute(Tuple.of(Tenant.DEFAULT)).replaceWithVoid();
    }

    private static Tuple values(Tenant tenant) {
        return Tuple.from(Arrays.asList(tenant.id(), tenant.name(), tenant.bucket(), tenant.keyPrefix(),
                tenant.maxJobsInFlight(), tenant.submissionsPerMinute(), tenant.notifyUrl(), seconds(tenant.retentionImages()),
                seconds(tenant.retentionTombstones())));
    }

    private static Double seconds(java.time.Duration duration) {
        return duration == null ? null : (double) duration.getSeconds();
    }

    private static Tenant first(RowSet<Row> rows) {
        return Tenant.from(rows.iterator().next());
    }

    private static Optional<Tenant> optional(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(first(rows));
    }

    private static boolean isDuplicate(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
