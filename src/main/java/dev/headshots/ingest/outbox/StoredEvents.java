package dev.headshots.ingest.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.job.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes a finished job's {@code headshots.stored} event into the outbox, inside the caller's transaction, so the event exists
 * exactly when the job's terminal status does; likewise a timed-out job's {@code headshots.timed_out} event, on
 * {@code headshots.lifecycle}. The event id is the primary key: finishing the same job again (a duplicate callback, a
 * redelivery) adds nothing.
 */
@ApplicationScoped
public class StoredEvents {

    private static final String IMAGES = """
            SELECT idx, status, object_key, bytes, sha256, content_type, error FROM headshot_image
            WHERE headshots_id = $1 ORDER BY idx""";

    private static final String JOB = """
            SELECT runflow_event, failure_code, failure_message FROM headshot_job WHERE headshots_id = $1""";

    private static final String INSERT = """
            INSERT INTO outbox_event (id, topic, record_key, payload) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO NOTHING""";

    private final ObjectMapper json;
    private final String bucket;

    public StoredEvents(ObjectMapper json, IngestConfig config) {
        this.json = json;
        this.bucket = config.storage().bucket();
    }

    /**
     * Adds the event of job {@code id}, finished as {@code status} at {@code time} after {@code replay} replays, unless it is
     * already there.
     */
    public Uni<Void> enqueue(SqlConnection sql, UUID id, JobStatus status, Instant time, int replay) {
        return sql.preparedQuery(JOB).execute(Tuple.of(id))
                .chain(job -> sql.preparedQuery(IMAGES).execute(Tuple.of(id))
                        .map(rows -> StoredEvent.of(data(id, replay, status, rows, job), time)))
                .chain(event -> insert(sql, event.id(), Topics.STORED, id, event));
    }

    /** Adds the {@code headshots.timed_out} event of a job to the outbox, unless it is already there. */
    public Uni<Void> enqueueTimedOut(SqlConnection sql, LifecycleEvent.TimedOut timedOut) {
        LifecycleEvent event = LifecycleEvent.timedOut(timedOut);
        return insert(sql, event.id(), Topics.LIFECYCLE, timedOut.headshotsId(), event);
    }

    private Uni<Void> insert(SqlConnection sql, UUID eventId, String topic, UUID job, Object event) {
        return sql.preparedQuery(INSERT).execute(Tuple.of(eventId, topic, job.toString(), serialise(event)))
                .replaceWithVoid();
    }

    private StoredEvent.Data data(UUID id, int replay, JobStatus status, RowSet<Row> rows, RowSet<Row> jobs) {
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
        Row job = jobs.size() == 0 ? null : jobs.iterator().next();
        String event = job == null ? null : job.getString("runflow_event");
        StoredEvent.Failure failure = job == null || job.getString("failure_code") == null
                && job.getString("failure_message") == null
                        ? null
                        : new StoredEvent.Failure(job.getString("failure_code"), job.getString("failure_message"));
        return new StoredEvent.Data(id, replay == 0 ? null : replay, status, bucket, rows.size(), images, failed, event,
                failure);
    }

    private String serialise(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event is always serialisable", e);
        }
    }
}
