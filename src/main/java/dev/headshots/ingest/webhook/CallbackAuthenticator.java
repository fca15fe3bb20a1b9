package dev.headshots.ingest.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.security.SecretSet;
import dev.headshots.ingest.webhook.WebhookSignature.Verdict;
import io.quarkus.runtime.Startup;

/**
 * Decides whether a callback to the shared endpoint comes from Runflow. Two modes, each on when its secrets are configured: the
 * shared secret in {@code X-Webhook-Secret} ({@code headshots.webhook.secrets}) and Standard Webhooks signatures
 * ({@code headshots.webhook.signing-secrets}, checked on the raw body before anything parses it). A request passes when any
 * mode that is on verifies it; a signature is tried first, since only it names a delivery that can be deduplicated. Several
 * secrets per mode allow rotation, and every comparison is constant-time. Created at startup, so that a malformed signing
 * secret stops the service and the modes in force are logged (never the secrets).
 */
@Startup
@ApplicationScoped
public class CallbackAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallbackAuthenticator.class);

    /** How a callback proved where it comes from. */
    public enum Mode {
        SHARED_SECRET, SIGNATURE
    }

    /** What a request presents: the four header values, each null when absent. */
    public record Credentials(String secret, String webhookId, String timestamp, String signature) {
    }

    /** A request that passed: its mode and, for a signature, the {@code webhook-id} the delivery is remembered by. */
    public record Authenticated(Mode mode, String deliveryId) {
    }

    private final SecretSet secrets;
    private final Optional<WebhookSignature> signatures;

    public CallbackAuthenticator(IngestConfig config, SignatureClock clock) {
        List<String> shared = nonBlank(config.webhook().secrets());
        List<String> signing = nonBlank(config.webhook().signingSecrets());
        this.secrets = SecretSet.of(shared);
        this.signatures = signing.isEmpty()
                ? Optional.empty()
                : Optional.of(new WebhookSignature(signing, config.webhook().signatureTolerance(), clock));
        LOG.warn(describeModes(shared.size(), signing.size(), config.webhook().signatureTolerance()));
    }

    /** The passed check, or empty when no mode that is on verifies {@code presented} for this raw {@code body}. */
    public Optional<Authenticated> authenticate(Credentials presented, byte[] body) {
        if (signatures.isPresent() && presented.signature() != null && isPrintableAscii(presented.webhookId())
                && signatures.get().verify(presented.webhookId(), presented.timestamp(), presented.signature(),
                        body) == Verdict.VALID) {
            return Optional.of(new Authenticated(Mode.SIGNATURE, presented.webhookId()));
        }
        if (secrets.matches(presented.secret())) {
            return Optional.of(new Authenticated(Mode.SHARED_SECRET, null));
        }
        return Optional.empty();
    }

    /**
     * Standard Webhooks ids are short ASCII tokens ({@code msg_...}); anything else is refused rather than stored, since the id
     * is kept in Postgres to deduplicate deliveries.
     */
    private static boolean isPrintableAscii(String id) {
        return id != null && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static List<String> nonBlank(Optional<List<String>> configured) {
        return configured.orElse(List.of()).stream().filter(secret -> !secret.isBlank()).toList();
    }

    /** The modes in force, with how many secrets each accepts; never a secret. */
    static String describeModes(int sharedSecrets, int signingSecrets, Duration tolerance) {
        List<String> modes = new ArrayList<>();
        if (sharedSecrets > 0) {
            modes.add("shared secret in X-Webhook-Secret (" + sharedSecrets + " accepted)");
        }
        if (signingSecrets > 0) {
            modes.add("Standard Webhooks signatures (" + signingSecrets + " signing secrets accepted, timestamp tolerance "
                    + tolerance.toSeconds() + " s, a repeated webhook-id is answered but not processed again)");
        }
        String shared = modes.isEmpty()
                ? "no mode is on: set headshots.webhook.secrets or headshots.webhook.signing-secrets, or every callback to "
                        + "POST /webhooks/runflow/headshots is refused with 401"
                : String.join(" and ", modes);
        return "Callback authentication on POST /webhooks/runflow/headshots: " + shared
                + "; per-job callback URLs are authenticated by their token";
    }
}
