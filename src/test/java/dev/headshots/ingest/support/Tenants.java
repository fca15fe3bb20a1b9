package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Creates tenants and their API keys through the admin API of the service under test. */
public final class Tenants {

    /** A key of {@code %test.headshots.admin.keys}. */
    public static final String ADMIN_KEY = "test-admin-key";

    private Tenants() {
    }

    /** A request to the admin API, with a valid {@code X-Admin-Key}. */
    public static RequestSpecification admin() {
        return given().header("X-Admin-Key", ADMIN_KEY);
    }

    /** A request to our own API with {@code apiKey}. */
    public static RequestSpecification api(String apiKey) {
        return given().header("X-Api-Key", apiKey);
    }

    /** A fresh tenant id, unique to this run: {@code prefix-<8 hex>}. */
    public static String freshId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a tenant with {@code id}, a name, and {@code fields} besides; returns it as the admin API answered. */
    public static JsonPath create(String id, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", "Tenant " + id);
        body.putAll(fields);
        return admin().contentType(ContentType.JSON).body(body).post("/admin/v1/tenants")
                .then().statusCode(201).extract().jsonPath();
    }

    /** Issues an API key to {@code tenant}; returns the answer ({@code key_id}, {@code api_key}, {@code created_at}). */
    public static JsonPath issueKey(String tenant) {
        return admin().post("/admin/v1/tenants/" + tenant + "/api-keys").then().statusCode(201).extract().jsonPath();
    }

    /** A new tenant with one API key; returns the key. */
    public static String withKey(String id, Map<String, Object> fields) {
        create(id, fields);
        return issueKey(id).getString("api_key");
    }
}
