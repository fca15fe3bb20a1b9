package dev.headshots.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job's page in a real browser: a completed job's 60 headshots all load (each {@code <img>} has a natural width once scrolled
 * to), with the page's time to interactive and the bytes it transferred measured and printed; a failed image's tile says why
 * and a replay from the page turns it stored; a job watched while it copies fills in without a reload; axe-core finds nothing
 * serious on the job, confirmation and jobs pages; screenshots under {@code target/console/}.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConsoleJobPageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static Browser browser;

    @InjectOrigin
    ImageOrigin origin;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser(1280, 900);
        browser.signIn(Jobs.API_KEY);
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void allSixtyHeadshotsOfACompletedJobLoad() throws IOException {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 60));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        browser.open("/console/jobs");
        browser.transferredBytes(); // forget what came before the job page

        browser.open("/console/jobs/" + id);
        long interactive = (Long) browser.script("const t = performance.getEntriesByType('navigation')[0];"
                + " return Math.round(t.domInteractive - t.startTime);");
        List<WebElement> images = browser.all("#tiles img");
        assertThat(images).hasSize(60);
        for (WebElement image : images) {
            browser.script("arguments[0].scrollIntoView({block: 'center'});", image);
            browser.waiting(PATIENCE).until(driver -> (Boolean) browser.script(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0;", image));
        }
        assertThat(images).allSatisfy(image -> assertThat((Long) browser.script("return arguments[0].naturalWidth;", image))
                .isPositive());
        long loaded = (Long) browser.script("const t = performance.getEntriesByType('navigation')[0];"
                + " return Math.round(performance.now() - t.startTime);");
        long bytes = browser.transferredBytes();
        long imageBytes = 0;
        for (int i = 1; i <= 60; i++) {
            imageBytes += origin.bytes(i).length;
        }
        assertThat(bytes).as("the page and its 60 images came over the network").isGreaterThan(imageBytes);
        String measured = "job page, 60 images: time to interactive " + interactive + " ms, all 60 loaded after scrolling "
                + loaded + " ms, " + bytes + " bytes transferred (the images hold " + imageBytes + ")";
        System.out.println("[console] " + measured);
        Files.createDirectories(Browser.SCREENSHOTS);
        Files.writeString(Browser.SCREENSHOTS.resolve("job-page-measurements.txt"), measured + System.lineSeparator());

        browser.script("window.scrollTo(0, 0);");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1500));
        browser.screenshot("job-completed");
        browser.assertAccessible("job page");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.screenshot("job-completed-phone");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth;"))
                .as("no sideways scrolling on a phone").isLessThanOrEqualTo(0L);
        browser.assertAccessible("job page on a phone");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    @Test
    void aFailedImagesTileSaysWhyAndAReplayFromThePageStoresIt() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 2, Fault.always(404));
        Callbacks.accept(id, origin.urls(tag, 3));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("PARTIAL");

        browser.open("/console/jobs/" + id);
        WebElement tile = browser.find("#tile-2");
        assertThat(tile.getAttribute("data-state")).isEqualTo("failed");
        assertThat(tile.getText()).contains("Failed").contains("Runflow's CDN answered 404.").contains("Attempts: 1");
        assertThat(browser.find("body").getText()).as("the outcome event, in the timeline's section of events")
                .contains("headshots.stored written");
        browser.screenshot("job-partial");
        browser.assertAccessible("job page with a failed image");

        origin.fault(tag, 2, Fault.failing(404, 0));
        browser.driver.findElement(By.linkText("Replay the failed images")).click();
        browser.waiting(PATIENCE).until(driver -> browser.find("h1").getText().equals("Replay the failed images?"));
        browser.assertAccessible("confirmation");
        browser.submit("form.actions button[type=submit]");

        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/jobs/" + id);
        browser.waiting(PATIENCE).until(driver -> "stored".equals(browser.tileState(2)));
        browser.waiting(PATIENCE).until(driver -> (Boolean) browser.script(
                "const i = document.querySelector('#tile-2 img'); return i !== null && i.complete && i.naturalWidth > 0;"));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aJobWatchedWhileItCopiesFillsInWithoutAReload() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        origin.fault(tag, 1, Fault.held(first));
        origin.fault(tag, 2, Fault.held(second));
        try {
            Callbacks.accept(id, origin.urls(tag, 3));
            browser.waiting(PATIENCE).until(driver -> origin.hits(tag, 1) == 1 && origin.hits(tag, 2) == 1);
            browser.open("/console/jobs/" + id);
            assertThat(browser.find("#live").getAttribute("data-live")).isEqualTo("true");
            assertThat(browser.tileState(1)).isNotEqualTo("stored");
            browser.script("window.consoleTestMarker = 'same page';");
            browser.screenshot("job-copying");

            first.countDown();
            browser.waiting(PATIENCE).until(driver -> "stored".equals(browser.tileState(1)));
            assertThat(browser.script("return window.consoleTestMarker;")).as("filled in without a reload")
                    .isEqualTo("same page");
            assertThat(browser.find("#summary").getText()).contains("COPYING");
            assertThat(browser.tileState(2)).isNotEqualTo("stored");
        } finally {
            first.countDown();
            second.countDown();
        }
        browser.waiting(PATIENCE).until(driver -> "stored".equals(browser.tileState(2)));
        browser.waiting(PATIENCE).until(driver -> browser.find("#summary").getText().contains("COMPLETED"));
    }

    @Test
    void theJobsListShowsChipsCountsAndFiltersByStatus() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.always(404));
        Callbacks.accept(id, origin.urls(tag, 2));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("PARTIAL");

        browser.open("/console/jobs?status=PARTIAL");
        WebElement row = browser.driver.findElement(By.xpath("//a[text()='" + id + "']/ancestor::tr"));
        assertThat(row.findElement(By.cssSelector(".chip")).getText()).isEqualTo("PARTIAL");
        assertThat(row.getText()).contains("1 / 1 / 2");
        browser.open("/console/jobs?status=COMPLETED");
        assertThat(browser.all("a[href='/console/jobs/" + id + "']")).isEmpty();
        browser.open("/console/jobs?q=" + id);
        assertThat(browser.all("#job-rows tr")).hasSize(1);
        browser.assertAccessible("jobs list, filtered");
        Path ignored = browser.screenshot("jobs-filtered");
        assertThat(ignored).exists();
    }

    @Test
    void theJobsListRefreshesItsRowsWhileAJobOnItIsNotFinished() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch held = new CountDownLatch(1);
        origin.fault(tag, 1, Fault.held(held));
        try {
            Callbacks.accept(id, origin.urls(tag, 2));
            browser.waiting(PATIENCE).until(driver -> origin.hits(tag, 1) == 1);
            browser.open("/console/jobs?q=" + id);
            assertThat(browser.find("#job-rows").getAttribute("data-live")).isEqualTo("true");
            assertThat(browser.find("#job-rows .chip").getText()).isNotEqualTo("COMPLETED");
            browser.script("window.consoleTestMarker = 'same list';");
            held.countDown();
            // read in one step: the refresh replaces the rows whole
            browser.waiting(PATIENCE).until(driver -> "COMPLETED".equals(browser.script(
                    "const c = document.querySelector('#job-rows .chip'); return c === null ? null : c.textContent.trim();")));
            assertThat(browser.script("return window.consoleTestMarker;")).as("refreshed without a reload")
                    .isEqualTo("same list");
            assertThat(browser.find("#job-rows").getAttribute("data-live")).as("nothing left to wait for").isEqualTo(
                    "false");
        } finally {
            held.countDown();
        }
    }

    @Test
    void theOverviewShowsJobsByStatusAndForAnAdminTheQueuesAndDependencies() {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 1));
        Jobs.awaitTerminal(id);

        browser.open("/console/overview");
        assertThat(browser.find("h1").getText()).isEqualTo("Overview");
        assertThat(browser.find("#jobs-title").getText()).startsWith("Jobs created in the last 24 hours: ");
        assertThat(browser.all("#queues-title")).as("a tenant does not see the service's queues").isEmpty();
        browser.assertAccessible("overview");

        String overview = ConsoleHttp.as(ConsoleHttp.signIn(dev.headshots.ingest.support.Tenants.ADMIN_KEY)).when()
                .get("/console/overview").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("headshots_outbox_pending"))
                .body(org.hamcrest.Matchers.containsString("headshots_notifications_backlog"))
                .body(org.hamcrest.Matchers.containsString("Oldest due image"))
                .body(org.hamcrest.Matchers.containsString("<span class=\"up\">Up</span> PostgreSQL"))
                .body(org.hamcrest.Matchers.containsString("<span class=\"up\">Up</span> Kafka"))
                .body(org.hamcrest.Matchers.containsString("<span class=\"up\">Up</span> Object storage"))
                .extract().asString();
        List<String> checks = io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getList("checks.name");
        assertThat(checks).as("the readiness checks, each of them on the overview").isNotEmpty()
                .allSatisfy(check -> assertThat(overview).contains(check));
        browser.screenshot("overview");
    }
}
