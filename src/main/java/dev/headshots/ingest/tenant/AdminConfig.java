package dev.headshots.ingest.tenant;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Settings of the admin API under {@code /admin}, under {@code headshots.admin}. */
@ConfigMapping(prefix = "headshots.admin")
public interface AdminConfig {

    /** Keys accepted in {@code X-Admin-Key} under {@code /admin}; several at once allow rotation. None: every call is 401. */
    Optional<List<String>> keys();
}
