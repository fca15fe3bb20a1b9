package dev.headshots.ingest.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.lease.LeasedTable;
import dev.headshots.ingest.lease.Leases;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Notification deliveries in Postgres, a {@link LeasedTable} like the image retry queue. A delivery is decided in the
 * transaction that writes its event to the outbox, so it exists exactly when the event does; its payload is the outbox row's.
 * Any instance claims due deliveries with {@code FOR UPDATE SKIP LOCKED}, only the first unsettled one of each job (the events
 * of a job go out in the order they were decided), and no more to one host than {@code per-host-concurrency} counts in flight
 * across instances (claims are made one instance at a time, under a transaction-scoped advisory lock, so the count holds). An
 * outcome is recorded only while the claim is held, but for a delivery, which is recorded whatever happened to the claim.
 */
@ApplicationScoped
public class Deliveries {

    /** Due: waiting and its time has come, or claimed by an instance whose lease ran out. */
    static final String DUE = "status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()";

    public static final LeasedTable TABLE = new LeasedTable("notification", List.of("event_id"), "status = 'SENDING'",
            "next_attempt_at", DUE, "status = 'SENDING', attempts = t.attempts + 1, updated_at = now()",
            "status = 'PENDING', next_attempt_at = now(), updated_at = now()");

    /** The first unsettled delivery of each job, ranked per host, where the host has room: {@code $4} per host. */
    private static final String CLAIMABLE = """
            event_id IN (SELECT c.event_id FROM (
                SELECT n.event_id, n.host, row_number() OVER (PARTITION BY n.host ORDER BY n.next_attempt_at, n.seq) AS rank
                FROM notification n WHERE n.status IN ('PENDING', 'SENDING') AND n.next_attempt_at <= now()
                AND NOT EXISTS (SELECT 1 FROM notification e WHERE e.headshots_id = n.headshots_id AND e.seq < n.seq
                                AND e.status IN ('PENDING', 'SENDING'))) c
              LEFT JOIN (SELECT host, count(*) AS busy FROM notification
                         WHERE status = 'SENDING' AND next_attempt_at > now() GROUP BY host) b ON b.host = c.host
              WHERE c.rank + coalesce(b.busy, 0) <= $4)""";

    private static final String CLAIM = TABLE.claimStatement(new LeasedTable.Claim(CLAIMABLE, "next_attempt_at", "$3",
            "outbox_event o, tenant tn", "o.id = t.event_id AND tn.id = t.tenant_id",
            "t.event_id, t.headshots_id, t.tenant_id, t.url, t.tenant_endpoint, t.attempts, t.client_errors, t.retry_until, "
                    + "t.created_at, t.tenant_endpoint AND tn.notify_disabled_at IS NOT NULL AS disabled, o.payload, "
                    + "o.traceparent"));

    /** One instance claims at a time: the per-host count it reads is then the truth. */
    private static final String CLAIM_LOCK = "SELECT pg_try_advisory_xact_lock(1701, 17) AS locked";

    /** The job's own URL, else its tenant's; none, no delivery. */
    private static final String DECIDE = """
            INSERT INTO notification (event_id, headshots_id, tenant_id, event_type, url, host, tenant_endpoint, status,
                                      next_attempt_at, retry_until)
            SELECT $1, j.headshots_id, j.tenant_id, $2, coalesce(j.notify_url, t.notify_url),
                   %s, j.notify_url IS NULL, 'PENDING', now(), now() + make_interval(secs => $4)
            FROM headshot_job j JOIN tenant t ON t.id = j.tenant_id
            WHERE j.headshots_id = $3 AND coalesce(j.notify_url, t.notify_url) IS NOT NULL
            ON CONFLICT (event_id) DO NOTHING""".formatted(hostOf("coalesce(j.notify_url, t.notify_url)"));

    /** Delivered wins over any unsettled state; any other outcome needs the claim. */
    private static final String RECORD = """
            UPDATE notification SET status = $3, next_attempt_at = $4, lease_owner = NULL, last_status_code = $5,
                   last_error = $6, client_errors = client_errors + $7, updated_at = now(),
                   delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() END
            WHERE event_id = $1 AND (status = 'SENDING' AND lease_owner = $2
                                     OR $3 = 'DELIVERED' AND status IN ('PENDING', 'SENDING'))
            RETURNING created_at, delivered_at""";

    /** Only while the URL is still the tenant's: an endpoint set again since is a new one. */
    private static final String DISABLE_ENDPOINT = """
            UPDATE tenant SET notify_disabled_at = coalesce(notify_disabled_at, now()), updated_at = now()
            WHERE id = $1 AND notify_url = $2 AND notify_disabled_at IS NULL RETURNING id""";

    private final Pool pool;
    private final double maxAgeSeconds;

    public Deliveries(Pool pool, NotifyConfig config) {
        this.pool = pool;
        this.maxAgeSeconds = config.maxAge().toMillis() / 1000.0;
    }

    /**
     * Decides the delivery of event {@code eventId} of job {@code headshotsId}, in the caller's transaction (the one writing
     * the event to the outbox), if its type is notified and the job or its tenant has a {@code notify_url}. Deciding the same
     * event again adds nothing.
     */
    public Uni<Void> decide(SqlConnection sql, UUID eventId, String type, UUID headshotsId) {
        if (!NotifiedEvents.includes(type)) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery(DECIDE).execute(Tuple.of(eventId, type, headshotsId, maxAgeSeconds)).replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due deliveries, at most {@code perHost} in flight per host; none while another instance
     * claims.
     */
    public Uni<List<Claimed>> claim(int limit, int perHost, Leases leases) {
        return pool.withTransaction(sql -> sql.query(CLAIM_LOCK).execute().chain(locked -> locked.iterator().next()
                .getBoolean("locked")
                        ? TABLE.claim(sql, CLAIM, leases, limit, perHost).map(Deliveries::claimed)
                        : Uni.createFrom().item(List.<Claimed>of())));
    }

    /**
     * Records what an attempt decided; yields when the event was decided and when it was delivered, or null if not recorded.
     */
    public Uni<Recorded> record(Claimed delivery, Leases leases, DeliveryPolicy.Decision decision) {
        return pool.preparedQuery(RECORD).execute(Tuple.from(Arrays.asList(delivery.eventId(), leases.owner(),
                decision.status().name(),
                decision.at() == null ? null : OffsetDateTime.ofInstant(decision.at(), ZoneOffset.UTC),
                decision.statusCode() == 0 ? null : decision.statusCode(), decision.error(),
                decision.clientError() ? 1 : 0)))
                .map(rows -> rows.size() == 0
                        ? null
                        : new Recorded(instant(rows.iterator().next(), "created_at"),
                                instant(rows.iterator().next(), "delivered_at")));
    }

    /** Disables the tenant's endpoint {@code url} (a 410); true if this disabled it. */
    public Uni<Boolean> disableEndpoint(String tenantId, String url) {
        return pool.preparedQuery(DISABLE_ENDPOINT).execute(Tuple.of(tenantId, url)).map(rows -> rows.size() > 0);
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
        return rows.stream().map(row -> new Claimed(row.getUUID("event_id"), row.getUUID("headshots_id"),
                row.getString("tenant_id"), row.getString("url"), row.getBoolean("tenant_endpoint"),
                row.getInteger("attempts"), row.getInteger("client_errors"), instant(row, "retry_until"),
                instant(row, "created_at"), row.getBoolean("disabled"), row.getString("payload"),
                row.getString("traceparent"))).toList();
    }

    /** SQL for the lower-case host name of the URL {@code url} (an SQL expression): what per-host concurrency counts. */
    static String hostOf(String url) {
        return "lower(substring(" + url + " from '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)'))";
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** When a recorded delivery's event was decided and, once delivered, when that was. */
    public record Recorded(Instant decidedAt, Instant deliveredAt) {

        Duration latency() {
            return deliveredAt == null ? null : Duration.between(decidedAt, deliveredAt);
        }
    }

    /**
     * A delivery this instance claimed: its event (the {@code webhook-id}), job and tenant, where it goes (a credential of the
     * customer's, perhaps: never logged) and whether that is the tenant's endpoint, the number of this attempt, the client
     * errors so far, until when it is retried, when it was decided, whether the tenant's endpoint is disabled, the event's
     * bytes as the outbox holds them, and the {@code traceparent} of the span that wrote the event (null untraced).
     */
    public record Claimed(UUID eventId, UUID headshotsId, String tenantId, String url, boolean tenantEndpoint, int attempts,
            int clientErrors, Instant retryUntil, Instant decidedAt, boolean disabled, String payload, String traceparent) {

        @Override
        public String toString() {
            return "Claimed[" + eventId + " of job " + headshotsId + ", attempt " + attempts + "]";
        }
    }
}
