package dev.headshots.ingest.notify;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenants' Standard Webhooks signing secrets in Postgres, sealed ({@link SecretSealer}). A secret is {@code whsec_} and 256
 * random bits in base64, shown once, when it is created; {@code secret_id} names it afterwards. Creating one rotates: every
 * secret of the tenant that signs with no end, or ends later than {@code rotation-overlap} from now, ends then, so old and new
 * sign side by side during the overlap. Ending one ({@code DELETE}) takes effect at once; the rows stay, listed with their end.
 */
@ApplicationScoped
public class SigningSecrets {

    private static final String ROTATE = """
            UPDATE tenant_signing_secret SET expires_at = now() + make_interval(secs => $2)
            WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > now() + make_interval(secs => $2))""";

    private static final String INSERT = """
            INSERT INTO tenant_signing_secret (secret_id, tenant_id, key_id, sealed) VALUES ($1, $2, $3, $4)
            RETURNING created_at""";

    private static final String LIST = """
            SELECT secret_id, created_at, expires_at FROM tenant_signing_secret WHERE tenant_id = $1
            ORDER BY created_at, secret_id""";

    private static final String END = """
            UPDATE tenant_signing_secret SET expires_at = least(coalesce(expires_at, now()), now())
            WHERE tenant_id = $1 AND secret_id = $2 RETURNING secret_id""";

    private static final String ACTIVE = """
            SELECT secret_id, key_id, sealed FROM tenant_signing_secret
            WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at DESC, secret_id""";

    private static final Logger LOG = Logger.getLogger(SigningSecrets.class);

    private final Pool pool;
    private final SecretSealer sealer;
    private final double overlapSeconds;
    private final SecureRandom random = new SecureRandom();

    public SigningSecrets(Pool pool, NotifyConfig config) {
        this.pool = pool;
        this.sealer = new SecretSealer(config.secretKeys().orElse(List.of()));
        this.overlapSeconds = config.rotationOverlap().toMillis() / 1000.0;
    }

    boolean canSeal() {
        return sealer.canSeal();
    }

    /** Creates a secret for {@code tenantId} (which must exist), ending the others after the overlap. */
    public Uni<Created> create(String tenantId) {
        if (!sealer.canSeal()) {
            return Uni.createFrom().failure(new ProblemException(ProblemKind.CONFLICT, "Signing secrets cannot be created: "
                    + "headshots.notify.secret-keys, the keys that protect them at rest, is not configured."));
        }
        String secretId = "whs_" + HexFormat.of().formatHex(randomBytes(8));
        String secret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
        SecretSealer.Sealed sealed = sealer.seal(Base64.getDecoder().decode(secret.substring(6)), context(tenantId, secretId));
        return pool.withTransaction(sql -> sql.preparedQuery(ROTATE).execute(Tuple.of(tenantId, overlapSeconds))
                .chain(() -> sql.preparedQuery(INSERT).execute(Tuple.of(secretId, tenantId, sealed.keyId(), sealed.bytes())))
                .map(rows -> new Created(secretId, secret,
                        rows.iterator().next().getOffsetDateTime("created_at").toInstant())));
    }

    /** The secrets of {@code tenantId}, oldest first: ids and dates, never the secrets. */
    public Uni<List<Listed>> list(String tenantId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenantId)).map(rows -> rows.stream()
                .map(row -> new Listed(row.getString("secret_id"), Deliveries.instant(row, "created_at"),
                        Deliveries.instant(row, "expires_at")))
                .toList());
    }

    /** Ends a secret of {@code tenantId} now (an ended one stays ended); false when the tenant has no such secret. */
    public Uni<Boolean> end(String tenantId, String secretId) {
        return pool.preparedQuery(END).execute(Tuple.of(tenantId, secretId)).map(rows -> rows.size() > 0);
    }

    /**
     * The HMAC keys that sign for {@code tenantId} now, newest first; empty when it has none. A secret that cannot be opened
     * (its key is no longer in {@code secret-keys}) does not sign, and says so in the log.
     */
    public Uni<List<byte[]>> active(String tenantId) {
        return pool.preparedQuery(ACTIVE).execute(Tuple.of(tenantId)).map(rows -> {
            List<byte[]> keys = new ArrayList<>();
            for (Row row : rows) {
                try {
                    keys.add(sealer.open(new SecretSealer.Sealed(row.getString("key_id"), row.getBuffer("sealed").getBytes()),
                            context(tenantId, row.getString("secret_id"))));
                } catch (IllegalStateException unopenable) {
                    LOG.warnf("tenant %s: signing secret %s does not sign: %s", tenantId, row.getString("secret_id"),
                            unopenable.getMessage());
                }
            }
            return keys;
        });
    }

    private static String context(String tenantId, String secretId) {
        return "headshots-notify-secret/" + tenantId + "/" + secretId;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A secret just created: the only time {@code secret} is shown. */
    @RegisterForReflection
    @Schema(name = "SigningSecretCreated", requiredProperties = {"secret_id", "secret", "created_at"})
    public record Created(@JsonProperty("secret_id") String secretId, @JsonProperty("secret") String secret,
            @JsonProperty("created_at") Instant createdAt) {

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Created[" + secretId + "]";
        }
    }

    /** A secret as listed: never the secret itself. {@code expires_at} is null while it signs with no end. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "SigningSecretListed", requiredProperties = {"secret_id", "created_at", "expires_at"})
    public record Listed(@JsonProperty("secret_id") String secretId, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("expires_at") @Schema(nullable = true) Instant expiresAt) {
    }
}
