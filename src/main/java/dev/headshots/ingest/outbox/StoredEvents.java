package dev.headshots.ingest.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.job.JobMetadata;
import dev.headshots.ingest.job.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes a finished job's {@code headshots.stored} event into the {@link Outbox}, inside the caller's transaction, so the event
 * (and its notification) exists exactly when the job's terminal status does. The event id is the primary key: finishing the
 * same job again (a duplicate callback, a redelivery) adds nothing.
 */
@ApplicationScoped
public class StoredEvents {

    private static final String IMAGES = """
            SELECT idx, status, object_key, bytes, sha256, content_type, error FROM headshot_image
            WHERE headshots_id = $1 ORDER BY idx""";

    private final ObjectMapper json;
    private final Outbox outbox;
    private final String bucket;

    public StoredEvents(ObjectMapper json, Outbox outbox, IngestConfig config) {
        this.json = json;
        this.outbox = outbox;
        this.bucket = config.storage().bucket();
    }

    /**
     * Adds the event of job {@code id}, finished as {@code status} at {@code time} after {@code replay} replays, unless it is
     * already there. {@code job} says whose job it is and where its objects are.
     */
    public Uni<Void> enqueue(SqlConnection sql, UUID id, JobStatus status, Instant time, int replay, JobFacts job) {
        return sql.preparedQuery(IMAGES).execute(Tuple.of(id))
                .map(rows -> StoredEvent.of(data(id, replay, status, job, rows), time))
                .chain(event -> outbox.write(sql, new Outbox.Event(event.id(), StoredEvent.TYPE, Topics.STORED, id,
                        serialise(event), job.tenantId())));
    }

    /**
     * What an event says of the job besides its images: its tenant, its bucket ({@code null} for the installation's), and what
     * the submitting app gave: its reference and metadata.
     */
    public record JobFacts(String tenantId, String bucket, String clientReferenceId, Map<String, String> metadata) {

        /** The facts in a row with the columns {@code tenant_id, bucket, client_reference_id} and {@code metadata} as text. */
        public static JobFacts from(Row row) {
            return new JobFacts(row.getString("tenant_id"), row.getString("bucket"), row.getString("client_reference_id"),
                    JobMetadata.parse(row.getString("metadata")));
        }
    }

    private StoredEvent.Data data(UUID id, int replay, JobStatus status, JobFacts job, RowSet<Row> rows) {
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
        return new StoredEvent.Data(id, replay == 0 ? null : replay, status, job.bucket() == null ? bucket : job.bucket(),
                rows.size(), images, failed, job.tenantId(), job.clientReferenceId(), job.metadata());
    }

    private String serialise(StoredEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a StoredEvent is always serialisable", e);
        }
    }
}
