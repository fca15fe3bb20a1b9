package dev.headshots.ingest.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.security.SecretSet;
import dev.headshots.ingest.security.WebhookSignature;
import dev.headshots.ingest.security.WebhookSignature.Verdict;
import io.quarkus.runtime.Startup;

/**
 * Decides whether a callback to the shared endpoint comes from Runflow. Three modes, each on when its secrets are configured:
 * the shared secret in {@code X-Webhook-Secret} ({@code headshots.webhook.secrets}), Standard Webhooks signatures
 * ({@code headshots.webhook.signing-secrets}) and Runflow's own {@code Runflow-Signature}
 * ({@code headshots.webhook.runflow-signing-secrets}); signatures are checked on the raw body before anything parses it. A
 * request passes when any mode that is on verifies it; a Standard Webhooks signature is tried first, since only it names a
 * delivery that can be deduplicated. Several secrets per mode allow rotation, and every comparison is constant-time. Created at
 * startup, so that a malformed signing secret stops the service and the modes in force are logged (never the secrets).
 */
@Startup
@ApplicationScoped
public class CallbackAuthenticator {

    private static final Logger LOG = Logger.getLogger(CallbackAuthenticator.class);

    /** How a callback proved where it comes from. */
    public enum Mode {
        SHARED_SECRET, SIGNATURE, RUNFLOW_SIGNATURE
    }

    /** What a request presents: the header values, each null when absent. */
    public record Credentials(String secret, String webhookId, String timestamp, String signature, String runflowSignature) {

        /** Without a {@code Runflow-Signature}. */
        public Credentials(String secret, String webhookId, String timestamp, String signature) {
            this(secret, webhookId, timestamp, signature, null);
        }
    }

    /** A request that passed: its mode and, for a signature, the {@code webhook-id} the delivery is remembered by. */
    public record Authenticated(Mode mode, String deliveryId) {
    }

    private final SecretSet secrets;
    private final Optional<WebhookSignature> signatures;
    private final Optional<RunflowSignature> runflowSignatures;

    public CallbackAuthenticator(WebhookConfig config, SignatureClock clock) {
        List<String> shared = nonBlank(config.secrets());
        List<String> signing = nonBlank(config.signingSecrets());
        List<String> runflow = nonBlank(config.runflowSigningSecrets());
        this.secrets = SecretSet.of(shared);
        this.signatures = signing.isEmpty()
                ? Optional.empty()
                : Optional.of(new WebhookSignature(signing, config.signatureTolerance(), clock));
        this.runflowSignatures = runflow.isEmpty() ? Optional.empty() : Optional.of(new RunflowSignature(runflow));
        LOG.warn(describeModes(shared.size(), signing.size(), runflow.size(), config.signatureTolerance()));
    }

    /** The passed check, or empty when no mode that is on verifies {@code presented} for this raw {@code body}. */
    public Optional<Authenticated> authenticate(Credentials presented, byte[] body) {
        if (signatures.isPresent() && presented.signature() != null && isPrintableAscii(presented.webhookId())
                && signatures.get().verify(presented.webhookId(), presented.timestamp(), presented.signature(),
                        body) == Verdict.VALID) {
            return Optional.of(new Authenticated(Mode.SIGNATURE, presented.webhookId()));
        }
        if (runflowSignatures.isPresent() && presented.runflowSignature() != null
                && runflowSignatures.get().verify(presented.runflowSignature(), body)) {
            return Optional.of(new Authenticated(Mode.RUNFLOW_SIGNATURE, null));
        }
        if (secrets.matches(presented.secret())) {
            return Optional.of(new Authenticated(Mode.SHARED_SECRET, null));
        }
        return Optional.empty();
    }

    /**
     * Whether a per-job callback of a run must carry a valid {@code Runflow-Signature}: when Runflow callback secrets are
     * configured, Runflow signs every callback, so an unsigned or badly signed one did not come from it, token or not.
     */
    public boolean verifiesRunflowCallback(String runflowSignature, byte[] body) {
        return runflowSignatures.isEmpty() || runflowSignatures.get().verify(runflowSignature, body);
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
        return describeModes(sharedSecrets, signingSecrets, 0, tolerance);
    }

    /** The modes in force, with how many secrets each accepts; never a secret. */
    static String describeModes(int sharedSecrets, int signingSecrets, int runflowSecrets, Duration tolerance) {
        List<String> modes = new ArrayList<>();
        if (sharedSecrets > 0) {
            modes.add("shared secret in X-Webhook-Secret (" + sharedSecrets + " accepted)");
        }
        if (signingSecrets > 0) {
            modes.add("Standard Webhooks signatures (" + signingSecrets + " signing secrets accepted, timestamp tolerance "
                    + tolerance.toSeconds() + " s, a repeated webhook-id is answered but not processed again)");
        }
        if (runflowSecrets > 0) {
            modes.add("Runflow-Signature (" + runflowSecrets + " Runflow callback secrets accepted; no timestamp: a replay "
                    + "is absorbed by deduplication on the job)");
        }
        String shared = modes.isEmpty()
                ? "no mode is on: set headshots.webhook.secrets, headshots.webhook.signing-secrets or "
                        + "headshots.webhook.runflow-signing-secrets, or every callback to "
                        + "POST /webhooks/runflow/headshots is refused with 401"
                : String.join(" and ", modes);
        return "Callback authentication on POST /webhooks/runflow/headshots: " + shared
                + "; per-job callback URLs are authenticated by their token";
    }
}
