package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.runflow.CallbackTokens;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.HostileCase;
import dev.headshots.ingest.support.HostileClient;
import dev.headshots.ingest.support.HostileClient.HostileResponse;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.SignedCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Replays every request of the hostile corpus ({@code src/test/resources/hostile/}, described in its README.md) over a raw
 * socket, and checks what a client gets: the expected status, never a 5xx or a hang, an {@code application/problem+json} body
 * with every 4xx (except the few the HTTP codec answers before any route runs, each marked in its file), a {@code Retry-After}
 * with every 429 and 503, and no credential echoed back. Afterwards the service must still be ready.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest {

    /** A job submitted through us, with a per-job callback token, for the cases on that path. */
    static final String JOB_TOKEN = "hostile-corpus-job-token_0123456789abcdefgh";
    static final UUID JOB_ID = UUID.fromString("0b5e55ed-0000-4000-8000-000000000c0f");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> CREDENTIALS = List.of("X-Webhook-Secret", "X-Api-Key", "webhook-signature",
            "Runflow-Signature");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void aJobWithACallbackToken() {
        Database.execute("""
                INSERT INTO headshot_job (headshots_id, status, callback_token_sha256, photo_count, submitted_at, deliveries)
                VALUES (?, 'SUBMITTED', ?, 1, now(), 0) ON CONFLICT DO NOTHING""", JOB_ID, CallbackTokens.digest(JOB_TOKEN));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answersEveryHostileRequestWithA4xxProblemOrAsExpected(HostileCase request) throws IOException {
        request.clock().ifPresent(at -> QuarkusMock.installMockForType(SignedCallbacks.clockAt(at), SignatureClock.class));
        byte[] bytes = request.render(RestAssured.port, Map.of("job-token", JOB_TOKEN, "job-id", JOB_ID.toString()));
        for (int expected : request.expected()) {
            HostileResponse answer = HostileClient.exchange(RestAssured.port, bytes, TIMEOUT);
            String what = request.name() + " (" + request.description() + ") answered " + answer.status() + " "
                    + answer.bodyText();

            assertThat(answer.status()).as(what + ": the server must answer, not hang")
                    .isNotEqualTo(HostileResponse.HUNG);
            assertThat(answer.status()).as(what).isEqualTo(expected).isLessThan(500);
            if (answer.status() >= 400 && request.problem()) {
                assertIsProblem(answer, what);
            }
            if (answer.status() == 429 || answer.status() == 503) {
                assertThat(answer.header("Retry-After")).as(what + ": Retry-After").matches("[1-9][0-9]*");
            }
            for (String credential : CREDENTIALS) {
                String presented = HostileCase.header(request.head(), credential);
                if (presented != null && presented.length() >= 6 && !presented.contains("{{")) {
                    assertThat(answer.bodyText()).as(what + ": echoes " + credential).doesNotContain(presented);
                }
            }
        }
    }

    @Order(2)
    @Test
    void theServiceIsStillReadyAfterwards() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theCorpusHasAtLeastSixtyRequestsInEveryCategory() throws Exception {
        Map<String, Long> categories = corpus()
                .collect(Collectors.groupingBy(c -> c.name().substring(0, c.name().indexOf('/')), TreeMap::new,
                        Collectors.counting()));
        assertThat(categories.values().stream().mapToLong(Long::longValue).sum()).as(categories.toString())
                .isGreaterThanOrEqualTo(60);
        assertThat(categories.keySet()).contains("shared-secret", "signatures", "framing", "media-type", "json", "schema",
                "per-job", "api", "routing", "runs", "runflow-signatures");
    }

    private static void assertIsProblem(HostileResponse answer, String what) throws IOException {
        assertThat(answer.header("Content-Type")).as(what + ": Content-Type").startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).as(what + ": problem status").isEqualTo(answer.status());
        assertThat(problem.path("type").asText()).as(what + ": problem type").startsWith("urn:headshots:problem:");
        assertThat(answer.bodyText()).as(what + ": no stack trace").doesNotContain("Exception").doesNotContain("\tat ");
    }

    static Stream<HostileCase> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(HostileCorpusTest.class.getResource("/hostile").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".http"))
                    .sorted()
                    .map(file -> HostileCase.read(file, root.relativize(file).toString().replace('\\', '/')))
                    .toList()
                    .stream();
        }
    }
}
