package dev.headshots.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of our own API under {@code /v1}, under {@code headshots.api}. */
@ConfigMapping(prefix = "headshots.api")
public interface ApiConfig {

    /** Keys accepted in {@code X-Api-Key} under {@code /v1}; several at once allow rotation. None: every call is 401. */
    Optional<List<String>> keys();

    /** How long the presigned image URLs returned by the job API stay valid. */
    @WithDefault("15m")
    Duration urlTtl();

    /** Jobs per page of {@code GET /v1/headshots} when {@code limit} is not given. */
    @WithDefault("20")
    int pageSize();

    /** Largest {@code limit} accepted by {@code GET /v1/headshots}. */
    @WithDefault("100")
    int maxPageSize();
}
