package dev.headshots.ingest.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.headshots.ingest.tracing.TraceParents;
import dev.headshots.ingest.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes the outbox to Kafka: claims unsent events with {@code FOR UPDATE SKIP LOCKED} (so several instances never send the
 * same batch at once), sends each with {@code acks=all}, and marks them sent in the same transaction. It runs when a job
 * finishes and every {@code headshots.outbox.interval}; a crash between send and commit resends the same event with the same
 * id, so consumers see duplicates at worst, never a loss. {@code headshots_outbox_pending} shows what is waiting. Each event is
 * sent in a span {@code relay <topic>} of the trace that wrote it (its stored {@code traceparent}), parent of the Kafka
 * producer's span.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM = """
            SELECT id, topic, record_key, payload, tenant_id, traceparent FROM outbox_event WHERE sent_at IS NULL
            ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String MARK_SENT = "UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1)";
    private static final String PENDING = "SELECT count(*) AS pending FROM outbox_event WHERE sent_at IS NULL";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final OutboxConfig config;
    private final Tracing tracing;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final Counter failures;
    private final Counter runs;
    private long timer = -1;

    public OutboxRelay(Pool pool,
            @Channel("stored-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) MutinyEmitter<String> emitter,
            Vertx vertx, OutboxConfig config, MeterRegistry registry, Tracing tracing) {
        this.pool = pool;
        this.emitter = emitter;
        this.vertx = vertx;
        this.config = config;
        this.tracing = tracing;
        Gauge.builder("headshots.outbox.pending", pending, AtomicLong::get)
                .description("headshots.stored events written but not yet published")
                .register(registry);
        this.failures = Counter.builder("headshots.outbox.failures")
                .description("Relay runs that could not publish or mark events")
                .register(registry);
        this.runs = Counter.builder("headshots.outbox.runs")
                .description("Relay runs finished, successful or not")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.interval().toMillis(), tick -> wake());
    }

    void written(@Observes EventsWritten written) {
        wake();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /** Runs the relay now, or once more right after the run in progress. Never waits. */
    public void wake() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        drain()
                .onFailure().invoke(failure -> {
                    failures.increment();
                    LOG.warnf("headshots.stored events could not be published yet, will retry: %s", failure.getMessage());
                })
                .onItemOrFailure().call(this::countPending)
                .subscribe().with(sent -> finished(), failure -> finished());
    }

    private void finished() {
        runs.increment();
        running.set(false);
        if (again.getAndSet(false)) {
            wake();
        }
    }

    /** Publishes batches until the outbox is empty; yields how many events were sent. */
    Uni<Integer> drain() {
        return Multi.createBy().repeating().uni(this::relayBatch).whilst(sent -> sent == config.batchSize())
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /** Refreshes {@code headshots_outbox_pending}, after failed runs too; it keeps its last value while Postgres is down. */
    private Uni<Void> countPending(Integer sent, Throwable failure) {
        return pool.query(PENDING).execute()
                .invoke(rows -> pending.set(rows.iterator().next().getLong("pending")))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private Uni<Integer> relayBatch() {
        return pool.withTransaction(sql -> sql.preparedQuery(CLAIM).execute(Tuple.of(config.batchSize()))
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(this::send)
                        .collect().asList())
                .call(sent -> markSent(sql, sent))
                .map(List::size));
    }

    private Uni<UUID> send(Row row) {
        String topic = row.getString("topic");
        return tracing.span("relay " + topic, SpanKind.INTERNAL, TraceParents.parse(row.getString("traceparent")),
                Attributes.of(Tracing.JOB, row.getString("record_key")), span -> send(row, span));
    }

    private Uni<UUID> send(Row row, Context span) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", StoredEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        String tenant = row.getString("tenant_id");
        if (tenant != null) {
            headers.add("tenant-id", tenant.getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        Message<String> message = Message.of(row.getString("payload")).addMetadata(metadata);
        if (tracing.enabled()) {
            message = message.addMetadata(TracingMetadata.withCurrent(span));
        }
        return emitter.sendMessage(message)
                .ifNoItem().after(config.sendTimeout()).fail()
                .replaceWith(row.getUUID("id"));
    }

    private static Uni<Void> markSent(SqlConnection sql, List<UUID> sent) {
        return sent.isEmpty()
                ? Uni.createFrom().voidItem()
                : sql.preparedQuery(MARK_SENT).execute(Tuple.of(sent.toArray(UUID[]::new))).replaceWithVoid();
    }
}
