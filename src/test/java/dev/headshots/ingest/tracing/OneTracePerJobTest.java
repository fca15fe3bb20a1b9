package dev.headshots.ingest.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.notify.Notifications;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.EventSchemas;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.NotifyReceiver;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * With tracing on, a job is one trace, recorded by the in-memory exporter of opentelemetry-sdk-testing: the callback's HTTP
 * span, the Kafka produce and consume spans (the consumer continues the trace from the record's {@code traceparent} header),
 * {@code record job}, one {@code copy image} per image each with its {@code GET} and {@code PUT}, {@code finish job}, and the
 * outbox's {@code relay headshots.stored} with its own produce span; a retry made later by the retry worker is a span of the
 * same trace; the {@code headshots.stored} event carries that trace's {@code traceparent}; a submitted job's callback links to
 * its submission's span; a notification attempt is a span under the step that wrote its event; JSON log lines carry
 * {@code traceId} and {@code spanId}; and no span name or attribute holds a credential.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneTracePerJobTest {

    private static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-01";
    private static final AttributeKey<String> OUTCOME = Tracing.OUTCOME;

    @Inject
    InMemorySpanExporter exporter;

    @InjectOrigin
    ImageOrigin origin;

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    @Order(1)
    void aCallbackIsOneTraceFromItsRequestToItsEvent() throws Exception {
        Traces traces = new Traces(exporter);
        UUID id = UUID.randomUUID();
        String job = id.toString();
        Callbacks.accept(id, origin.urls(job, 60));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");

        String traceId = traces.await("record job", Traces.ofJob("record job", job)).getTraceId();
        List<SpanData> trace = traces.awaitTrace(traceId,
                spans -> spans.stream().anyMatch(Traces.kind(SpanKind.PRODUCER, Topics.STORED)) && parentsArrived(spans));

        Files.writeString(Path.of("target", "trace-tree.txt"), TraceTree.render(trace));
        SpanData request = only(trace, span -> span.getKind() == SpanKind.SERVER);
        assertThat(request.getName()).isEqualTo("POST " + Callbacks.PATH);
        assertThat(request.getParentSpanContext().isValid()).as("the request starts the trace").isFalse();
        SpanData produced = only(trace, Traces.kind(SpanKind.PRODUCER, Topics.CALLBACKS));
        assertThat(produced.getParentSpanId()).isEqualTo(request.getSpanId());
        SpanData consumed = only(trace, Traces.kind(SpanKind.CONSUMER, Topics.CALLBACKS));
        assertThat(consumed.getParentSpanId()).isEqualTo(produced.getSpanId());
        SpanData recorded = only(trace, Traces.named("record job"));
        assertThat(recorded.getParentSpanId()).isEqualTo(consumed.getSpanId());
        assertThat(recorded.getAttributes().get(OUTCOME)).as("a first callback is applied to its job").isEqualTo("applied");

        // The retry worker claims due images of any job, never-tried ones included (that is how a job whose consumer died,
        // or whose first pass found the bucket down, is copied), so on a busy machine its poll can take some of a new job's
        // images between the record's commit and the consumer's first pass. Those are copied in a "retry image" span, under
        // the record's span stored with the job, and settle the job in a "finish job" of their own.
        List<SpanData> retried = trace.stream().filter(Traces.ofJob("retry image", job)).toList();
        assertThat(retried).allSatisfy(retry -> assertThat(retry.getParentSpanId()).isEqualTo(consumed.getSpanId()));
        Set<String> passes = new HashSet<>(List.of(consumed.getSpanId()));
        retried.forEach(retry -> passes.add(retry.getSpanId()));
        List<SpanData> copies = trace.stream().filter(Traces.ofJob("copy image", job)).toList();
        assertThat(copies).hasSize(60).allSatisfy(copy -> {
            assertThat(copy.getParentSpanId()).isIn(passes);
            assertThat(copy.getAttributes().get(OUTCOME)).isEqualTo("STORED");
            assertThat(Traces.childrenOf(trace, copy)).extracting(SpanData::getName).containsExactlyInAnyOrder("GET", "PUT");
        });
        assertThat(copies).extracting(copy -> copy.getAttributes().get(Tracing.IMAGE))
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 60).mapToObj(Long::valueOf).toList());
        assertThat(copies.stream().filter(copy -> copy.getParentSpanId().equals(consumed.getSpanId())))
                .as("the consumer's first pass copies all the images the retry worker did not take")
                .hasSize(60 - retried.size());

        List<SpanData> finishes = trace.stream().filter(Traces.named("finish job")).toList();
        assertThat(finishes).hasSize(1 + retried.size())
                .allSatisfy(finish -> assertThat(finish.getParentSpanId()).isIn(passes));
        assertThat(finishes.stream().filter(finish -> finish.getParentSpanId().equals(consumed.getSpanId()))).hasSize(1);
        SpanData relayed = only(trace, Traces.named("relay " + Topics.STORED));
        SpanData finished = only(finishes, finish -> finish.getSpanId().equals(relayed.getParentSpanId()));
        assertThat(only(trace, Traces.kind(SpanKind.PRODUCER, Topics.STORED)).getParentSpanId())
                .isEqualTo(relayed.getSpanId());
        assertThat(traces.all().stream().filter(span -> job.equals(span.getAttributes().get(Tracing.JOB))))
                .as("every span about the job is in its one trace").allSatisfy(span -> assertThat(span.getTraceId())
                        .isEqualTo(traceId));

        ConsumerRecord<String, String> event = awaitEvent(id);
        JsonNode cloudEvent = EventSchemas.parse(event.value());
        assertThat(cloudEvent.path("traceparent").asText())
                .isEqualTo("00-" + traceId + "-" + finished.getSpanId() + "-01");
        assertThat(new String(event.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .matches(TRACEPARENT).contains(traceId);
        assertThat(cloudEvent.path("dataschema").asText()).isEqualTo("http://localhost:8081/schemas/headshots.stored.json");
    }

    @Test
    @Order(2)
    void anAttemptOfTheRetryWorkerIsASpanOfTheJobsTrace() {
        Traces traces = new Traces(exporter);
        UUID id = UUID.randomUUID();
        String job = id.toString();
        origin.fault(job, 2, Fault.failing(503, 1));
        Callbacks.accept(id, origin.urls(job, 2));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");

        String traceId = traces.await("record job", Traces.ofJob("record job", job)).getTraceId();
        SpanData retry = traces.await("retry image", Traces.ofJob("retry image", job));
        assertThat(retry.getTraceId()).isEqualTo(traceId);
        List<SpanData> trace = traces.awaitTrace(traceId, spans -> spans.stream()
                .anyMatch(Traces.kind(SpanKind.PRODUCER, Topics.STORED)));
        SpanData consumed = only(trace, Traces.kind(SpanKind.CONSUMER, Topics.CALLBACKS));
        assertThat(retry.getParentSpanId()).as("under the record's span, stored with the job").isEqualTo(consumed.getSpanId());
        assertThat(trace.stream().filter(Traces.ofJob("copy image", job))
                .filter(span -> span.getAttributes().get(Tracing.IMAGE) == 2))
                .extracting(span -> span.getAttributes().get(OUTCOME)).containsExactlyInAnyOrder("RETRYING", "STORED");
        assertThat(Traces.childrenOf(trace, retry)).extracting(SpanData::getName).contains("copy image", "finish job");
    }

    @Test
    @Order(3)
    void aSubmittedJobsCallbackLinksToItsSubmission() {
        Traces traces = new Traces(exporter);
        String location = Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(1), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Jobs.awaitTerminal(id);

        SpanData submission = traces.await("submit job", Traces.ofJob("submit job", id.toString()));
        String callbackTrace = traces.await("record job", Traces.ofJob("record job", id.toString())).getTraceId();
        SpanData callback = only(traces.awaitTrace(callbackTrace, spans -> spans.stream()
                .anyMatch(span -> span.getKind() == SpanKind.SERVER)), span -> span.getKind() == SpanKind.SERVER);
        assertThat(callback.getName()).isEqualTo("POST " + Callbacks.PATH + "/{token}");
        assertThat(callbackTrace).as("a separate trace, an hour or two later in production")
                .isNotEqualTo(submission.getTraceId());
        assertThat(callback.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                .containsExactly(submission.getSpanId());
        SpanContext linked = callback.getLinks().get(0).getSpanContext();
        assertThat(linked.getTraceId()).isEqualTo(submission.getTraceId());
    }

    @Test
    @Order(4)
    void jsonLogLinesCarryTheTraceAndSpanIds() throws IOException {
        Traces traces = new Traces(exporter);
        UUID id = UUID.randomUUID();
        origin.fault(id.toString(), 1, Fault.always(404));
        Callbacks.accept(id, origin.urls(id.toString(), 2));
        Jobs.awaitTerminal(id);
        String traceId = traces.await("record job", Traces.ofJob("record job", id.toString())).getTraceId();

        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> logLine(id), found -> found != null);
        assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId);
        assertThat(line.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}");
    }

    @Test
    @Order(5)
    void aNotificationAttemptIsASpanOfItsJobsTrace() throws Exception {
        try (NotifyReceiver receiver = NotifyReceiver.start()) {
            Notifications.Tenant tenant = Notifications.tenant("traced", receiver.url("/hooks"));
            UUID id = Notifications.job(tenant.apiKey());
            Notifications.awaitNotification(id, tenant.apiKey(), "DELIVERED", Duration.ofSeconds(60));

            Traces traces = new Traces(exporter);
            String job = id.toString();
            SpanData delivered = traces.await("deliver notification", Traces.ofJob("deliver notification", job));
            List<SpanData> finished = traces.all().stream().filter(Traces.ofJob("finish job", job)).toList();
            assertThat(finished).as("the span that wrote the event, and with it the delivery, is the parent")
                    .anySatisfy(span -> {
                        assertThat(span.getTraceId()).isEqualTo(delivered.getTraceId());
                        assertThat(span.getSpanId()).isEqualTo(delivered.getParentSpanId());
                    });
            assertThat(delivered.getAttributes().get(OUTCOME)).isEqualTo("DELIVERED");
            assertThat(delivered.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isBetween(200L,
                    299L);
        }
    }

    @Test
    @Order(6)
    void noSpanNameOrAttributeHoldsACredential() {
        Traces traces = new Traces(exporter);
        // a shared secret offered in the query string, and a per-job callback URL, whose last segment is a secret token
        RestAssured.given().contentType(ContentType.JSON).body("{}")
                .post(Callbacks.PATH + "?X-Webhook-Secret=" + Callbacks.SECRET).then().statusCode(401);
        String token = "Zm9yZ2VkLXRva2VuLXRoYXQtaXMtNDMtY2hhcmFjdGVycw";
        RestAssured.given().contentType(ContentType.JSON).body("{}").post(Callbacks.PATH + "/" + token).then()
                .statusCode(404);
        traces.await("the refused request with a query", span -> Callbacks.PATH.equals(span.getAttributes().get(
                AttributeKey.stringKey("url.path"))) && span.getAttributes().get(AttributeKey.stringKey("url.query")) != null);
        traces.await("the unknown token", span -> span.getKind() == SpanKind.SERVER
                && span.getAttributes().get(AttributeKey.stringKey("http.response.status_code")) == null
                && span.getAttributes().asMap().containsValue(404L));

        Set<String> secrets = Set.of("X-Amz-Signature", "X-Amz-Credential", "whsec_", Jobs.API_KEY, Callbacks.SECRET,
                RunflowSimulatorResource.RUNFLOW_KEY, token);
        List<String> texts = traces.all().stream().flatMap(span -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(span.getName()),
                java.util.stream.Stream.concat(span.getAttributes().asMap().values().stream().map(String::valueOf),
                        span.getEvents().stream().flatMap(event -> event.getAttributes().asMap().values().stream()
                                .map(String::valueOf)))))
                .toList();
        assertThat(texts).as("span names and attribute values").isNotEmpty()
                .allSatisfy(text -> assertThat(secrets).noneMatch(text::contains));
        assertThat(texts).as("the scrubber replaced what it had to").contains(Callbacks.PATH + "/{token}", "<redacted>");
    }

    /** Whether the parent of every {@code copy image} and {@code finish job} span has been exported too. */
    private static boolean parentsArrived(List<SpanData> spans) {
        Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        return spans.stream().filter(span -> span.getName().equals("copy image") || span.getName().equals("finish job"))
                .allMatch(span -> ids.contains(span.getParentSpanId()));
    }

    private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> match) {
        List<SpanData> found = spans.stream().filter(match).toList();
        assertThat(found).as(TraceTree.render(spans)).hasSize(1);
        return found.get(0);
    }

    private static ConsumerRecord<String, String> awaitEvent(UUID id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> KafkaTopics.readAll(Topics.STORED, id.toString()), records -> !records.isEmpty()).get(0);
    }

    /** The JSON log line that says the job ended PARTIAL, or null. */
    private static JsonNode logLine(UUID id) throws IOException {
        Path log = Path.of(TracingProfile.JSON_LOG);
        if (!Files.exists(log)) {
            return null;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.contains(id.toString()) && line.contains("PARTIAL")) {
                return EventSchemas.parse(line);
            }
        }
        return null;
    }
}
