package dev.headshots.ingest.config;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The URLs this service hands out about itself, built on {@code headshots.public-base-url} (which may carry a path prefix when
 * an ingress mounts the service below the root).
 */
@ApplicationScoped
public class PublicUrls {

    /** The path of the per-job callback endpoint, to which the token is appended. */
    public static final String CALLBACK_PATH = "/webhooks/runflow/headshots/";
    /** The path of a job's status, to which its id is appended. */
    public static final String STATUS_PATH = "/v1/headshots/";
    /**
     * Where the JSON Schema of each event type's {@code data} is served ({@code META-INF/resources/schemas/<type>.json}), the
     * URL each CloudEvent names in {@code dataschema}.
     */
    public static final String SCHEMAS_PATH = "/schemas/";

    private final String base;

    public PublicUrls(PublicUrlConfig config) {
        this.base = config.publicBaseUrl().toString().replaceAll("/+$", "");
    }

    /** The callback URL Runflow is given for one job: its secret token is the last path segment. */
    public String callback(String token) {
        return base + CALLBACK_PATH + token;
    }

    public String status(UUID headshotsId) {
        return statusBase() + headshotsId;
    }

    /** The URL of the JSON Schema of the {@code data} of events of {@code eventType}. */
    public String schema(String eventType) {
        return base + SCHEMAS_PATH + eventType + ".json";
    }

    /** The status URL of a job without its id. */
    public String statusBase() {
        return base + STATUS_PATH;
    }
}
