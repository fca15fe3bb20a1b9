package dev.headshots.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;

import dev.headshots.ingest.support.ApiContract;
import dev.headshots.ingest.support.ServedDocument;

/**
 * The check every REST-assured exchange goes through ({@link ApiContract}) fails on what the document does not describe, on the
 * kept copy of the served document: an undescribed status, a null where the schema does not allow one, a field it does not
 * declare, a missing required header, a problem that is not a problem document, an accepted request the document calls invalid,
 * and an unknown route answered otherwise than 404; and it passes the same exchanges done right.
 */
class ApiContractTest {

    private static final String JOB = "/v1/headshots/074a8be3-5c47-4c6f-9d51-2f1e0a7b9c11";
    private static ServedDocument document;

    @BeforeAll
    static void read() throws IOException {
        document = new ServedDocument(Files.readString(OpenApiCompatibilityTest.CURRENT));
    }

    @Test
    void aDescribedAnswerPasses() {
        assertThat(violations(delete(JOB), json(200, lifecycle("DELETED")))).isEmpty();
        assertThat(violations(get(JOB), problem(404, "not-found"))).isEmpty();
        assertThat(violations(get("/v1/nowhere"), problem(404, "not-found"))).isEmpty();
    }

    @Test
    void anUndescribedStatusFails() {
        assertThat(violations(get(JOB), problem(418, "teapot"))).anyMatch(violation -> violation.contains("418"));
    }

    @Test
    void aNullWhereTheSchemaAllowsNoneFails() {
        String page = "{\"items\": [{\"headshots_id\": null, \"client_reference_id\": null, \"status\": \"COMPLETED\", "
                + "\"image_count\": null, \"created_at\": \"2026-05-06T10:00:00Z\", \"completed_at\": null, "
                + "\"status_url\": \"http://localhost/v1/headshots/x\"}], \"next\": null}";
        assertThat(violations(get("/v1/headshots"), json(200, page))).anyMatch(violation -> violation.contains(
                "/items/0/headshots_id"));
        assertThat(violations(get("/v1/headshots"), json(200, page.replace("\"headshots_id\": null",
                "\"headshots_id\": \"074a8be3-5c47-4c6f-9d51-2f1e0a7b9c11\"")))).isEmpty();
    }

    @Test
    void anUndeclaredFieldFails() {
        String body = lifecycle("DELETED").replace("{", "{\"secret\": \"x\", ");
        assertThat(violations(delete(JOB), json(200, body))).anyMatch(violation -> violation.contains("secret"));
    }

    @Test
    void aMissingRequiredHeaderFails() {
        SimpleResponse withoutLocation = SimpleResponse.Builder.status(202).withContentType("application/json")
                .withBody(lifecycle("DELETING")).build();
        assertThat(violations(delete(JOB), withoutLocation)).anyMatch(violation -> violation.contains("Location"));
    }

    @Test
    void anErrorThatIsNotAProblemDocumentFails() {
        SimpleResponse html = SimpleResponse.Builder.status(404).withContentType("text/html").withBody("<h1>no</h1>")
                .build();
        assertThat(violations(get(JOB), html)).isNotEmpty();
        assertThat(violations(get("/v1/nowhere"), html)).isNotEmpty();
    }

    @Test
    void anAcceptedRequestTheDocumentCallsInvalidFails() {
        SimpleRequest unknownStatus = new SimpleRequest.Builder(Request.Method.GET, "/v1/headshots")
                .withHeader("X-Api-Key", "k").withQueryParam("status", "SHINY").build();
        String page = "{\"items\": [], \"next\": null}";
        assertThat(violations(unknownStatus, json(200, page))).anyMatch(violation -> violation.startsWith("accepted"));
        assertThat(violations(unknownStatus, problem(400, "bad-request"))).isEmpty();
    }

    @Test
    void anUnknownRouteAnsweredOtherwiseThanByAProblemFails() {
        assertThat(violations(get("/v1/nowhere"), json(200, "{}"))).anyMatch(violation -> violation.contains(
                "no such operation"));
    }

    private static List<String> violations(Request request, SimpleResponse response) {
        List<String> violations = new ArrayList<>();
        ApiContract.check(document, request, List.of(), response, violations);
        return violations;
    }

    private static SimpleRequest get(String path) {
        return new SimpleRequest.Builder(Request.Method.GET, path).withHeader("X-Api-Key", "k").build();
    }

    private static SimpleRequest delete(String path) {
        return new SimpleRequest.Builder(Request.Method.DELETE, path).withHeader("X-Api-Key", "k").build();
    }

    private static SimpleResponse json(int status, String body) {
        return SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body).build();
    }

    private static SimpleResponse problem(int status, String kind) {
        return SimpleResponse.Builder.status(status).withContentType("application/problem+json")
                .withBody("{\"type\": \"urn:headshots:problem:" + kind + "\", \"title\": \"T\", \"status\": " + status + "}")
                .build();
    }

    private static String lifecycle(String status) {
        return "{\"headshots_id\": \"074a8be3-5c47-4c6f-9d51-2f1e0a7b9c11\", \"status\": \"" + status + "\", "
                + "\"status_url\": \"http://localhost/v1/headshots/074a8be3-5c47-4c6f-9d51-2f1e0a7b9c11\"}";
    }
}
