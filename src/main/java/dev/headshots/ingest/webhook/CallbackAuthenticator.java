package dev.headshots.ingest.webhook;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.security.SecretSet;

/**
 * Checks the shared secret in {@code X-Webhook-Secret} against every configured secret, so that secrets can be rotated by
 * listing the old and the new one together. Comparisons are constant-time ({@link SecretSet}).
 */
@ApplicationScoped
public class CallbackAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallbackAuthenticator.class);

    private final SecretSet secrets;

    public CallbackAuthenticator(IngestConfig config) {
        this.secrets = SecretSet.of(config.webhook().secrets().orElse(List.of()));
        if (secrets.isEmpty()) {
            LOG.warn("headshots.webhook.secrets is empty: every callback to the shared endpoint will be refused with 401");
        }
    }

    /** True when {@code presented} equals one of the configured secrets. */
    public boolean verify(String presented) {
        return secrets.matches(presented);
    }
}
