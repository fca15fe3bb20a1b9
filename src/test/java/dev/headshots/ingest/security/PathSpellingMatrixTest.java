package dev.headshots.ingest.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.support.AppRoutes;
import dev.headshots.ingest.support.HostileClient;
import dev.headshots.ingest.support.HostileClient.HostileResponse;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.PathSpellings;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every route of the running application (its resource classes, console pages included, and every path of {@code /q/openapi}),
 * in every HTTP method and every other spelling of its path ({@link PathSpellings}), without a key, with a wrong key, and with
 * a tenant's key where an admin's is needed: never 2xx, never 5xx. The canonical spelling is held to the same rule wherever it
 * is guarded; the routes that are open by design (the console's sign-in page and assets) are held to it in every other
 * spelling. Path parameters name real things of a tenant of this test (its id, its job), so that a request that slipped past a
 * guard would be served, not answered 404.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class PathSpellingMatrixTest {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static String tenant;
    private static String tenantKey;
    private static String keyId;
    private static String job;

    @BeforeEach
    void aTenantWithAJob() {
        if (job != null) {
            return;
        }
        tenant = Tenants.freshId("spell");
        tenantKey = Tenants.withKey(tenant, Map.of());
        keyId = Tenants.issueKey(tenant).getString("key_id");
        String location = Tenants.api(tenantKey).multiPart("images", "s.jpg", Photos.jpeg(5), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().header("Location");
        job = location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void noSpellingOfAnyRouteIsServedWithoutItsKeyOrAnswered5xx() throws Exception {
        Set<String> templates = new TreeSet<>(AppRoutes.templates());
        Set<String> documented = openApiPaths();
        assertThat(templates).as("every path of /q/openapi is a route of the application").containsAll(documented);
        templates.addAll(staticConsoleAssets());
        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        int cells = 0;
        for (String template : templates) {
            String path = concrete(template);
            List<String> spellings = new ArrayList<>();
            spellings.add(path);
            spellings.addAll(PathSpellings.of(path));
            for (String method : METHODS) {
                boolean open = isOpen(method, path);
                for (String spelling : spellings) {
                    if (open && spelling.equals(path)) {
                        continue;
                    }
                    for (Map.Entry<String, String> keys : keyModes(template).entrySet()) {
                        HostileResponse answer = send(method, spelling, keys.getValue());
                        cells++;
                        statuses.merge(answer.status() / 100 + "xx", 1, Integer::sum);
                        if (answer.status() < 300 || answer.status() >= 500) {
                            failures.add(answer.status() + " " + method + " " + spelling + " (" + keys.getKey() + ")");
                        }
                    }
                }
            }
        }
        System.out.printf("path spelling matrix: %d routes, %d cells, answers %s%n", templates.size(), cells, statuses);
        assertThat(failures).as("answers that were 2xx, 5xx or none at all, of %d cells", cells).isEmpty();
    }

    /** True when {@code method} on {@code path} is open by design: answered 2xx without any key. */
    private static boolean isOpen(String method, String path) throws IOException {
        int status = send(method, path, "").status();
        return status >= 200 && status < 300;
    }

    /** The headers of each way of not having the right key: none, wrong ones, and a tenant's key on admin or console routes. */
    private static Map<String, String> keyModes(String template) {
        Map<String, String> modes = new LinkedHashMap<>();
        modes.put("no key", "");
        modes.put("wrong key", "X-Api-Key: wrong-api-key\r\nX-Admin-Key: wrong-admin-key\r\nX-Webhook-Secret: wrong\r\n"
                + "Cookie: hs_console=forged-session\r\n");
        if (!template.startsWith("/v1")) {
            modes.put("a tenant's key", "X-Api-Key: " + tenantKey + "\r\nX-Admin-Key: " + tenantKey + "\r\n");
        }
        return modes;
    }

    private static HostileResponse send(String method, String path, String headers) throws IOException {
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String type = method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
        String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                + (body ? "Content-Type: " + type + "\r\nContent-Length: 2\r\n\r\n{}" : "\r\n");
        return HostileClient.exchange(port(), request.getBytes(StandardCharsets.ISO_8859_1), TIMEOUT);
    }

    /** A template with its parameters set to things that exist: the test tenant, its key, its job. */
    private static String concrete(String template) {
        return template.replace("/admin/v1/tenants/{id}", "/admin/v1/tenants/" + tenant)
                .replace("{keyId}", keyId).replace("{secretId}", keyId)
                .replace("{headshotsId}", job).replace("{id}", job)
                .replace("{token}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    }

    private static Set<String> openApiPaths() throws IOException {
        JsonNode paths = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString()).get("paths");
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = paths.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /** The console's static files, served by Vert.x rather than a resource class. */
    private static List<String> staticConsoleAssets() throws IOException {
        URL folder = PathSpellingMatrixTest.class.getClassLoader().getResource("META-INF/resources/console/static");
        assertThat(folder).as("the console's static folder").isNotNull();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(folder.toURI()))) {
            return files.map(file -> "/console/static/" + file.getFileName()).toList();
        } catch (java.net.URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static int port() {
        return io.restassured.RestAssured.port;
    }
}
