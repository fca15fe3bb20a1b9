package dev.headshots.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's jobs list pages by keyset, newest first, without skipping or repeating a job, for a tenant of its own (jobs
 * written straight into Postgres, one second apart, two of them at the same instant); an admin filters by that tenant and gets
 * the same pages; a page link of one tenant is refused to another.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConsoleJobsListTest {

    private static final Pattern JOB_LINK = Pattern.compile("href=\"/console/jobs/([0-9a-f-]{36})\"");
    private static final Pattern NEXT = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"");

    @Test
    void pagesWalkEveryJobNewestFirstOnce() {
        String tenant = Tenants.freshId("pages");
        String key = Tenants.withKey(tenant, Map.of());
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            UUID id = UUID.randomUUID();
            Database.execute("INSERT INTO headshot_job (headshots_id, status, image_count, received_at, completed_at, "
                    + "created_at, tenant_id) VALUES (?, 'COMPLETED', 1, now(), now(), "
                    + "timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => ?), ?)", id, Math.min(i, 25), tenant);
            newestFirst.add(0, id);
        }
        // the two newest share their created_at: their order is by headshots_id, descending
        List<UUID> expected = sortTies(newestFirst);

        assertThat(walk(ConsoleHttp.signIn(key), "/console/jobs")).containsExactlyElementsOf(expected);
        String admin = ConsoleHttp.signIn(Tenants.ADMIN_KEY);
        assertThat(walk(admin, "/console/jobs?tenant=" + tenant)).containsExactlyElementsOf(expected);

        String firstPage = ConsoleHttp.as(ConsoleHttp.signIn(key)).when().get("/console/jobs").then().statusCode(200)
                .extract().asString();
        Matcher next = NEXT.matcher(firstPage);
        assertThat(next.find()).isTrue();
        ConsoleHttp.as(ConsoleHttp.signIn(Tenants.withKey(Tenants.freshId("other"), Map.of())))
                .when().get(next.group(1).replace("&amp;", "&")).then().statusCode(400)
                .body(containsString("not valid"));
    }

    /** Postgres orders UUIDs by their bytes, which is {@link UUID}'s string order, not its signed compareTo. */
    private static List<UUID> sortTies(List<UUID> ids) {
        List<UUID> sorted = new ArrayList<>(ids);
        if (sorted.get(0).toString().compareTo(sorted.get(1).toString()) < 0) {
            UUID first = sorted.get(0);
            sorted.set(0, sorted.get(1));
            sorted.set(1, first);
        }
        return sorted;
    }

    private static List<UUID> walk(String session, String start) {
        List<UUID> seen = new ArrayList<>();
        String page = start;
        int pages = 0;
        while (page != null) {
            String html = ConsoleHttp.as(session).when().get(page).then().statusCode(200).extract().asString();
            Matcher link = JOB_LINK.matcher(html);
            while (link.find()) {
                seen.add(UUID.fromString(link.group(1)));
            }
            Matcher next = NEXT.matcher(html);
            page = next.find() ? next.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        return seen;
    }
}
