package dev.headshots.ingest.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

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
 * Signing in to the console in a real browser (a wrong key, a tenant's key, an admin key, signing out), what the session cookie
 * and every console answer carry, a second tenant's job not reachable by URL, and forms refused without their CSRF token.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConsoleSignInTest {

    private static Browser browser;

    @InjectOrigin
    ImageOrigin origin;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void aWrongKeyIsRefusedARightOneSignsInAndSignOutEndsTheSession() {
        browser.driver.manage().deleteAllCookies();
        browser.open("/console/jobs");
        assertThat(browser.driver.getCurrentUrl()).as("no session: sent to sign in").endsWith("/console/sign-in");
        browser.assertAccessible("sign-in");
        browser.screenshot("sign-in");

        browser.signIn("not-a-key-of-anyone");
        assertThat(browser.find("#sign-in-error").getText()).contains("not accepted");
        assertThat(browser.driver.manage().getCookieNamed(ConsoleGuard.COOKIE)).isNull();

        browser.signIn(Jobs.API_KEY);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/jobs");
        assertThat(browser.find("h1").getText()).isEqualTo("Jobs");
        assertThat(browser.find(".who").getText()).contains("tenant default");
        Cookie session = browser.driver.manage().getCookieNamed(ConsoleGuard.COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getPath()).isEqualTo("/console");
        browser.assertAccessible("jobs");
        browser.screenshot("jobs");

        browser.submit("form.signout button");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/sign-in");
        browser.open("/console/jobs");
        assertThat(browser.driver.getCurrentUrl()).as("signed out: sent to sign in").endsWith("/console/sign-in");
        ConsoleHttp.as(session.getValue()).when().get("/console/jobs").then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
    }

    @Test
    void anAdminSeesEveryTenantAndATenantDoesNotSeeAnothersJob() {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 1));
        Jobs.awaitTerminal(id);
        String other = Tenants.withKey(Tenants.freshId("console"), Map.of());

        String session = ConsoleHttp.signIn(other);
        ConsoleHttp.as(session).when().get("/console/jobs/" + id).then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("There is no job"));
        ConsoleHttp.as(session).when().get("/console/jobs/" + UUID.randomUUID()).then().statusCode(404);
        ConsoleHttp.as(session).when().get("/console/jobs?q=" + id).then().statusCode(200)
                .body(not(containsString(id.toString() + "</a>")));

        browser.driver.manage().deleteAllCookies();
        browser.signIn(other);
        browser.open("/console/jobs/" + id);
        assertThat(browser.find("h1").getText()).isEqualTo("Not found");

        String admin = ConsoleHttp.signIn(Tenants.ADMIN_KEY);
        ConsoleHttp.as(admin).when().get("/console/jobs/" + id).then().statusCode(200).body(containsString(id.toString()));
        ConsoleHttp.as(admin).when().get("/console/jobs?q=" + id).then().statusCode(200)
                .body(containsString("/console/jobs/" + id)).body(containsString("admin (all tenants)"));
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenAreRefused() {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 1));
        Jobs.awaitTerminal(id);
        String session = ConsoleHttp.signIn(Jobs.API_KEY);
        String csrf = ConsoleHttp.csrf(session);

        ConsoleHttp.as(session).when().post("/console/jobs/" + id + "/replay").then().statusCode(403);
        ConsoleHttp.as(session).formParam("csrf", "stale-" + csrf).when().post("/console/jobs/" + id + "/replay").then()
                .statusCode(403).body(containsString("did not come from this console"));
        ConsoleHttp.as(session).formParam("csrf", ConsoleHttp.csrf(ConsoleHttp.signIn(Jobs.API_KEY)))
                .when().post("/console/sign-out").then().statusCode(403);
        given().redirects().follow(false).formParam("csrf", csrf).when().post("/console/jobs/" + id + "/replay").then()
                .statusCode(403);
        ConsoleHttp.as(session).when().get("/console/jobs").then()
                .statusCode(200);
        ConsoleHttp.as(session).formParam("csrf", csrf).when().post("/console/jobs/" + id + "/replay").then()
                .statusCode(409).body(containsString("nothing to replay"));
        ConsoleHttp.as(session).formParam("csrf", csrf).when().post("/console/sign-out").then().statusCode(303);
        ConsoleHttp.as(session).when().get("/console/jobs").then().statusCode(303);
    }

    @Test
    void everyConsoleAnswerCarriesTheSecurityHeaders() {
        String session = ConsoleHttp.signIn(Jobs.API_KEY);
        for (var response : new io.restassured.response.Response[]{
                given().when().get("/console/sign-in"),
                ConsoleHttp.as(session).when().get("/console/jobs"),
                ConsoleHttp.as(session).when().get("/console/jobs/" + UUID.randomUUID()),
                given().when().get("/console/static/console.css")}) {
            response.then()
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("X-Content-Type-Options", equalTo("nosniff"));
        }
        ConsoleHttp.signInForm().post(given(), "wrong").when().post("/console/sign-in").then().statusCode(401)
                .header("Set-Cookie", not(containsString(ConsoleGuard.COOKIE + "=")));
    }

    @Test
    void theSignInFormCarriesATokenOfItsOwnWithoutWhichASignInIsRefused() {
        ConsoleHttp.SignInForm form = ConsoleHttp.signInForm();
        ConsoleHttp.SignInForm other = ConsoleHttp.signInForm();
        assertThat(form.csrf()).isNotEqualTo(other.csrf()).isEqualTo(form.cookie());
        given().when().get("/console/sign-in").then()
                .header("Set-Cookie", containsString("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"));

        given().redirects().follow(false).formParam("key", Jobs.API_KEY).when().post("/console/sign-in").then()
                .statusCode(403).header("Set-Cookie", not(containsString(ConsoleGuard.COOKIE + "=")));
        // the token without its cookie, then with another form's cookie
        given().redirects().follow(false).formParam("csrf", form.csrf()).formParam("key", Jobs.API_KEY).when()
                .post("/console/sign-in").then().statusCode(403);
        given().redirects().follow(false).cookie(SignInToken.COOKIE, other.cookie()).formParam("csrf", form.csrf())
                .formParam("key", Jobs.API_KEY).when().post("/console/sign-in").then().statusCode(403);
        form.post(given(), Jobs.API_KEY).when().post("/console/sign-in").then().statusCode(303)
                .cookie(ConsoleGuard.COOKIE);
    }

    @Test
    void aSessionEndsWhenIdleTooLongOrWhenItsKeyIsRevokedOrItsTenantDisabled() {
        String idle = ConsoleHttp.signIn(Jobs.API_KEY);
        ConsoleHttp.as(idle).when().get("/console/jobs").then().statusCode(200);
        Database.execute("UPDATE console_session SET last_seen_at = now() - interval '31 minutes' "
                + "WHERE token_sha256 = sha256(convert_to(?, 'UTF8'))", idle);
        ConsoleHttp.as(idle).when().get("/console/jobs").then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));

        String tenant = Tenants.freshId("revoked");
        Tenants.create(tenant, Map.of());
        var issued = Tenants.issueKey(tenant);
        String revoked = ConsoleHttp.signIn(issued.getString("api_key"));
        ConsoleHttp.as(revoked).when().get("/console/jobs").then().statusCode(200);
        Tenants.admin().delete("/admin/v1/tenants/" + tenant + "/api-keys/" + issued.getString("key_id")).then()
                .statusCode(204);
        ConsoleHttp.as(revoked).when().get("/console/jobs").then().statusCode(303);

        String disabledTenant = Tenants.freshId("disabled");
        String disabled = ConsoleHttp.signIn(Tenants.withKey(disabledTenant, Map.of()));
        ConsoleHttp.as(disabled).when().get("/console/jobs").then().statusCode(200);
        Tenants.admin().post("/admin/v1/tenants/" + disabledTenant + "/disable").then().statusCode(200);
        ConsoleHttp.as(disabled).when().get("/console/jobs").then().statusCode(303);
    }
}
