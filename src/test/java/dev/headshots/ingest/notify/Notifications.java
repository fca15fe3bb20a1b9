package dev.headshots.ingest.notify;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.Tenants;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** What the notification tests do through the API: tenants with a notify URL and a signing secret, jobs, their deliveries. */
public final class Notifications {

    private Notifications() {
    }

    /** A fresh tenant notified at {@code url}, with one API key (returned) and, unless {@code secret} is false, a secret. */
    public static Tenant tenant(String prefix, String url) {
        String id = Tenants.freshId(prefix);
        String key = Tenants.withKey(id, url == null ? Map.of() : Map.of("notify_url", url));
        return new Tenant(id, key, createSecret(id).getString("secret"));
    }

    /** A tenant, its API key, and the signing secret it was given first. */
    public record Tenant(String id, String apiKey, String secret) {
    }

    public static JsonPath createSecret(String tenant) {
        return Tenants.admin().post("/admin/v1/tenants/" + tenant + "/signing-secrets").then().statusCode(201).extract()
                .jsonPath();
    }

    /** Submits one photo as {@code apiKey}'s tenant, with {@code fields} besides; the answer. */
    public static Response submit(String apiKey, Map<String, String> fields) {
        var request = Tenants.api(apiKey).multiPart("images", "me.jpg", Photos.jpeg(7), "image/jpeg");
        fields.forEach(request::multiPart);
        return request.post("/v1/headshots");
    }

    /** Submits one photo and returns the job's id. */
    public static UUID job(String apiKey) {
        return job(apiKey, Map.of());
    }

    public static UUID job(String apiKey, Map<String, String> fields) {
        String location = submit(apiKey, fields).then().statusCode(202).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    /** The job's {@code notification} once it is {@code status}. */
    public static JsonPath awaitNotification(UUID job, String apiKey, String status, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> status.equals(notification(job, apiKey)
                .getString("status")));
        return notification(job, apiKey);
    }

    /** The job's {@code notification}, read from the job view (its fields are null while there is none). */
    public static JsonPath notification(UUID job, String apiKey) {
        return Tenants.api(apiKey).get("/v1/headshots/" + job).then().statusCode(200).extract().jsonPath()
                .setRootPath("notification");
    }

    public static void patchNotifyUrl(String tenant, String url) {
        Tenants.admin().contentType(ContentType.JSON).body(url == null
                ? "{\"notify_url\":null}"
                : "{\"notify_url\":\"" + url + "\"}").patch("/admin/v1/tenants/" + tenant).then().statusCode(200);
    }
}
