package dev.headshots.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The job page's cancel and erase actions (issue 16's, through the same code as the API): each is offered only where it
 * applies, sits behind a confirmation page, is refused without the session's CSRF token, and does what the API does; another
 * tenant's session cannot reach either.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConsoleLifecycleActionsTest {

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void aSubmittedJobIsCancelledFromItsPageAndOnlyThen() {
        String session = ConsoleHttp.signIn(Jobs.API_KEY);
        String csrf = ConsoleHttp.csrf(session);
        UUID id = submitted();
        String page = "/console/jobs/" + id;

        assertThat(page(session, id)).contains(page + "/cancel").contains(page + "/erase");
        ConsoleHttp.as(session).when().get(page + "/cancel").then().statusCode(200)
                .body(containsString("action=\"" + page + "/cancel\""));
        ConsoleHttp.as(session).when().post(page + "/cancel").then().statusCode(403);
        assertThat(status(id)).isEqualTo("SUBMITTED");

        ConsoleHttp.as(session).formParam("csrf", csrf).when().post(page + "/cancel").then().statusCode(303);
        assertThat(status(id)).isEqualTo("CANCELLED");
        assertThat(Database.queryText("SELECT count(*)::text FROM outbox_event WHERE record_key = ? AND payload::jsonb ->> "
                + "'type' = 'headshots.cancelled'", id.toString())).isEqualTo("1");
        assertThat(page(session, id)).doesNotContain(page + "/cancel").contains(page + "/erase");
    }

    @Test
    void aCompletedJobIsErasedFromItsPageAndItsOwnersOnly() {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 2));
        Jobs.awaitTerminal(id);
        String page = "/console/jobs/" + id;
        String session = ConsoleHttp.signIn(Jobs.API_KEY);
        assertThat(page(session, id)).doesNotContain(page + "/cancel").contains(page + "/erase");

        String other = ConsoleHttp.signIn(Tenants.withKey(Tenants.freshId("console-other"), Map.of()));
        ConsoleHttp.as(other).formParam("csrf", ConsoleHttp.csrf(other)).when().post(page + "/erase").then()
                .statusCode(404);
        ConsoleHttp.as(other).formParam("csrf", ConsoleHttp.csrf(other)).when().post(page + "/cancel").then()
                .statusCode(404);
        ConsoleHttp.as(session).when().post(page + "/erase").then().statusCode(403);
        assertThat(status(id)).isEqualTo("COMPLETED");
        ConsoleHttp.as(session).formParam("csrf", ConsoleHttp.csrf(session)).when().post(page + "/cancel").then()
                .statusCode(409);

        ConsoleHttp.as(session).formParam("csrf", ConsoleHttp.csrf(session)).when().post(page + "/erase").then()
                .statusCode(303);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> "DELETED".equals(status(id)));
        assertThat(page(session, id)).doesNotContain(page + "/erase").doesNotContain(page + "/cancel");
    }

    private static String page(String session, UUID id) {
        return ConsoleHttp.as(session).when().get("/console/jobs/" + id).then().statusCode(200).extract().asString();
    }

    private static String status(UUID id) {
        return Jobs.api().get("/v1/headshots/" + id).then().statusCode(200).extract().jsonPath().getString("status");
    }

    /** A job submitted to Runflow (legacy) that Runflow has not reported on yet, as a submission leaves it. */
    private static UUID submitted() {
        UUID id = UUID.randomUUID();
        Database.execute("INSERT INTO headshot_job (headshots_id, status, created_at, submitted_at, deliveries, runflow_api, "
                + "tenant_id, photo_count) VALUES (?, 'SUBMITTED', now(), now(), 0, 'legacy', 'default', 1)", id);
        return id;
    }
}
