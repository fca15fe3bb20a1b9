package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.console.OpenPage;
import dev.headshots.ingest.support.AppRoutes;
import dev.headshots.ingest.support.HostileClient;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The guards fail closed: with every filter in front of the resources taken out of the application (the path rule, both key
 * filters and the console's guard), each resource method under {@code /v1}, {@code /admin} and {@code /console} but the sign-in
 * form is still refused with 401, never served and never a 500, because the resources themselves require what the filters
 * establish. This is what a request that found a way around a filter would meet.
 */
@QuarkusTest
@TestProfile(GuardsFailClosedTest.WithoutFilters.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class GuardsFailClosedTest {

    /** The application without its route filters. */
    public static class WithoutFilters implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.arc.exclude-types", String.join(",", "dev.headshots.ingest.security.PathSpellingFilter",
                    "dev.headshots.ingest.tenant.ApiKeyFilter", "dev.headshots.ingest.tenant.AdminKeyFilter",
                    "dev.headshots.ingest.console.ConsoleGuard"));
        }
    }

    @Test
    void everyGuardedResourceMethodIs401WithoutItsFilter() throws Exception {
        String id = UUID.randomUUID().toString();
        String tenant = "absent-" + id.substring(0, 8); // were a request served after all, it would change nothing real
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (AppRoutes.Route route : AppRoutes.all()) {
            String template = route.template();
            boolean guarded = template.startsWith("/v1") || template.startsWith("/admin")
                    || template.startsWith("/console") && !isOpenPage(route);
            if (!guarded) {
                continue;
            }
            String path = template.replace("/admin/v1/tenants/{id}", "/admin/v1/tenants/" + tenant)
                    .replaceAll("\\{[^}]+}", id);
            int status = send(route.method(), path, route.consumes());
            checked++;
            if (status != 401) {
                failures.add(status + " " + route.method() + " " + path);
            }
        }
        System.out.printf("guards fail closed: %d resource methods checked without their filters%n", checked);
        assertThat(checked).isGreaterThan(25);
        assertThat(failures).as("resource methods not refused with 401 without their filter").isEmpty();
    }

    private static boolean isOpenPage(AppRoutes.Route route) {
        for (var method : route.resource().getMethods()) {
            if (method.isAnnotationPresent(OpenPage.class)) {
                var sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                if (sub != null && route.template().endsWith(sub.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sends {@code method path} with a small body of the media type the method consumes, so that it is matched. */
    private static int send(String method, String path, String consumes) throws Exception {
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String type = consumes == null ? "application/json" : consumes;
        String content = "{}";
        if (type.startsWith("multipart/")) {
            type = "multipart/form-data; boundary=b";
            content = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--b--\r\n";
        } else if (type.equals("application/x-www-form-urlencoded")) {
            content = "x=y";
        }
        String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (body
                        ? "Content-Type: " + type + "\r\nContent-Length: " + content.length() + "\r\n\r\n" + content
                        : "\r\n");
        return HostileClient.exchange(RestAssured.port, request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10))
                .status();
    }
}
