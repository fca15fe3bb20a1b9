package dev.headshots.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.IngestConfig;

/**
 * Checks the shared secret in {@code X-Webhook-Secret} against every configured secret, so that secrets can be rotated by
 * listing the old and the new one together. Both sides are hashed first, so that the constant-time comparison also hides the
 * secrets' lengths, and every configured secret is compared, whichever matches.
 */
@ApplicationScoped
public class CallbackAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallbackAuthenticator.class);

    private final List<byte[]> secretDigests;

    public CallbackAuthenticator(IngestConfig config) {
        this.secretDigests = config.webhook()
                .secrets()
                .orElse(List.of())
                .stream()
                .filter(secret -> !secret.isBlank())
                .map(CallbackAuthenticator::sha256)
                .toList();
        if (secretDigests.isEmpty()) {
            LOG.warn("headshots.webhook.secrets is empty: every callback will be refused with 401");
        }
    }

    /** True when {@code presented} equals one of the configured secrets. */
    public boolean verify(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] secret : secretDigests) {
            match |= MessageDigest.isEqual(secret, digest);
        }
        return match;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
