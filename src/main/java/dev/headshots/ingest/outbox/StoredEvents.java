package dev.headshots.ingest.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.config.StorageConfig;
import dev.headshots.ingest.state.JobMetadata;
import dev.headshots.ingest.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes a finished job's {@code headshots.stored} event into the {@link Outbox}, inside the caller's transaction, so the event
 * (and its notification) exists exactly when the job's terminal status does; likewise a timed-out job's
 * {@code headshots.timed_out}, {@code headshots.cancelled} and {@code headshots.deleted} events, on
 * {@code headshots.lifecycle}. The event id is the primary key: finishing the same job again (a duplicate callback, a
 * redelivery) adds nothing. Each outbox row keeps the job's tenant, for the Kafka header {@code tenant-id}, and the
 * {@code traceparent} of the span that wrote it.
 */
@ApplicationScoped
public class StoredEvents {

    private static final String IMAGES = """
            SELECT idx, status, object_key, bytes, sha256, content_type, error FROM headshot_image
            WHERE headshots_id = $1 ORDER BY idx""";

    private static final String JOB = """
            SELECT tenant_id, bucket, client_reference_id, metadata::text AS metadata, runflow_event, failure_code,
                   failure_message
            FROM headshot_job WHERE headshots_id = $1""";

    private final ObjectMapper json;
    private final Outbox outbox;
    private final String bucket;
    private final PublicUrls urls;

    public StoredEvents(ObjectMapper json, Outbox outbox, StorageConfig config, PublicUrls urls) {
        this.json = json;
        this.outbox = outbox;
        this.bucket = config.bucket();
        this.urls = urls;
    }

    /**
     * Adds the event of job {@code id}, finished as {@code status} at {@code time} after {@code replay} replays, unless it is
     * already there; {@code traceparent} is the span that finished it (null when tracing is off).
     */
    public Uni<Void> enqueue(SqlConnection sql, UUID id, JobStatus status, Instant time, int replay, String traceparent) {
        return sql.preparedQuery(JOB).execute(Tuple.of(id)).chain(jobs -> {
            Row job = jobs.iterator().next();
            return sql.preparedQuery(IMAGES).execute(Tuple.of(id))
                    .map(rows -> StoredEvent.of(data(id, replay, status, job, rows), time, urls.schema(StoredEvent.TYPE),
                            traceparent))
                    .chain(event -> outbox.write(sql, new Outbox.Event(event.id(), StoredEvent.TYPE, Topics.STORED, id,
                            serialise(event), job.getString("tenant_id"), traceparent)));
        });
    }

    /** Adds the {@code headshots.timed_out} event of a job of {@code tenantId} to the outbox, unless it is already there. */
    public Uni<Void> enqueueTimedOut(SqlConnection sql, LifecycleEvent.TimedOut timedOut, String tenantId) {
        return enqueueLifecycle(sql, LifecycleEvent.TIMED_OUT, timedOut.headshotsId(), timedOut.timedOutAt(), timedOut,
                tenantId);
    }

    /** Adds the {@code headshots.cancelled} event of a job of {@code tenantId} to the outbox, unless it is already there. */
    public Uni<Void> enqueueCancelled(SqlConnection sql, LifecycleEvent.Cancelled cancelled, String tenantId) {
        return enqueueLifecycle(sql, LifecycleEvent.CANCELLED, cancelled.headshotsId(), cancelled.cancelledAt(), cancelled,
                tenantId);
    }

    /** Adds the {@code headshots.deleted} event of a job of {@code tenantId} to the outbox, unless it is already there. */
    public Uni<Void> enqueueDeleted(SqlConnection sql, LifecycleEvent.Deleted deleted, String tenantId) {
        return enqueueLifecycle(sql, LifecycleEvent.DELETED, deleted.headshotsId(), deleted.deletedAt(), deleted, tenantId);
    }

    private Uni<Void> enqueueLifecycle(SqlConnection sql, String type, UUID id, Instant time, Object data, String tenantId) {
        LifecycleEvent event = LifecycleEvent.of(type, id, time, data, urls.schema(type), tenantId);
        return outbox.write(sql, new Outbox.Event(event.id(), type, Topics.LIFECYCLE, id, serialise(event), tenantId, null));
    }

    private StoredEvent.Data data(UUID id, int replay, JobStatus status, Row job, RowSet<Row> rows) {
        List<StoredEvent.Image> images = new ArrayList<>();
        List<StoredEvent.Failed> failed = new ArrayList<>();
        for (Row row : rows) {
            int index = row.getInteger("idx");
            if ("STORED".equals(row.getString("status"))) {
                images.add(new StoredEvent.Image(index, row.getString("object_key"), row.getLong("bytes"),
                        row.getString("sha256"), row.getString("content_type")));
            } else {
                failed.add(new StoredEvent.Failed(index, row.getString("status"), row.getString("error")));
            }
        }
        StoredEvent.Failure failure = job.getString("failure_code") == null && job.getString("failure_message") == null
                ? null
                : new StoredEvent.Failure(job.getString("failure_code"), job.getString("failure_message"));
        String jobBucket = job.getString("bucket");
        return new StoredEvent.Data(id, replay == 0 ? null : replay, status, jobBucket == null ? bucket : jobBucket,
                rows.size(), images, failed, job.getString("runflow_event"), failure, job.getString("tenant_id"),
                job.getString("client_reference_id"), JobMetadata.parse(job.getString("metadata")));
    }

    /** The event in JSON, as it is published. */
    protected String serialise(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event is always serialisable", e);
        }
    }
}
