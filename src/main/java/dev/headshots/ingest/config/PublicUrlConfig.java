package dev.headshots.ingest.config;

import java.net.URI;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The one setting every feature shares, under the prefix {@code headshots}: where this service is reached. The settings of a
 * feature are in that feature's own mapping ({@code headshots.runflow} in {@code runflow/RunflowConfig}, and so on), or in this
 * package when several features read them ({@code ApiConfig}, {@code StorageConfig}, {@code RetryConfig},
 * {@code WebhookConfig}). Each property has a default that is safe for production; the local stack and the tests override only
 * what differs.
 */
@ConfigMapping(prefix = "headshots")
public interface PublicUrlConfig {

    /**
     * Base URL under which Runflow reaches this service, e.g. {@code https://headshots.example.com}; per-job callback URLs and
     * status URLs are built from it.
     */
    @WithDefault("http://localhost:8080")
    URI publicBaseUrl();
}
