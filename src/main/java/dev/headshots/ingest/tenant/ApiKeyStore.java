package dev.headshots.ingest.tenant;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.security.SecretSet;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenants' API keys in Postgres. A key is {@code hsk_} and 256 random bits in base64url; it is shown once, when issued, and
 * only its SHA-256 is kept. {@code key_id} ({@code key_} and 64 random bits in hex) names it afterwards. Revoking keeps the
 * row, with {@code revoked_at}, so that the list says what was revoked and when.
 */
@ApplicationScoped
public class ApiKeyStore {

    private static final String INSERT = """
            INSERT INTO tenant_api_key (key_id, tenant_id, key_sha256) VALUES ($1, $2, $3) RETURNING created_at""";

    private static final String LIST = """
            SELECT key_id, created_at, revoked_at FROM tenant_api_key WHERE tenant_id = $1 ORDER BY created_at, key_id""";

    private static final String REVOKE = """
            UPDATE tenant_api_key SET revoked_at = coalesce(revoked_at, now())
            WHERE tenant_id = $1 AND key_id = $2 RETURNING key_id""";

    private final Pool pool;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyStore(Pool pool) {
        this.pool = pool;
    }

    /** Issues a new key to {@code tenantId}, which must exist. */
    public Uni<IssuedKey> issue(String tenantId) {
        String keyId = "key_" + HexFormat.of().formatHex(randomBytes(8));
        String key = "hsk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        return pool.preparedQuery(INSERT).execute(Tuple.of(keyId, tenantId, SecretSet.sha256(key)))
                .map(rows -> new IssuedKey(keyId, key, rows.iterator().next().getOffsetDateTime("created_at").toInstant()));
    }

    /** The keys of {@code tenantId}, oldest first: ids and dates, never the keys. */
    public Uni<List<KeyView>> list(String tenantId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenantId))
                .map(rows -> rows.stream().map(ApiKeyStore::view).toList());
    }

    /** Revokes a key of {@code tenantId}; false when the tenant has no such key. Revoking twice is harmless. */
    public Uni<Boolean> revoke(String tenantId, String keyId) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(tenantId, keyId)).map(rows -> rows.size() > 0);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static KeyView view(Row row) {
        var revoked = row.getOffsetDateTime("revoked_at");
        return new KeyView(row.getString("key_id"), row.getOffsetDateTime("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    /** A key just issued: the only time {@code api_key} is shown. */
    @RegisterForReflection
    @Schema(name = "IssuedApiKey", requiredProperties = {"key_id", "api_key", "created_at"})
    public record IssuedKey(@JsonProperty("key_id") String keyId, @JsonProperty("api_key") String apiKey,
            @JsonProperty("created_at") Instant createdAt) {

        /** Never prints the key. */
        @Override
        public String toString() {
            return "IssuedKey[" + keyId + "]";
        }
    }

    /** A key as listed: never the key itself. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ApiKeyListed", requiredProperties = {"key_id", "created_at", "revoked_at"})
    public record KeyView(@JsonProperty("key_id") String keyId, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("revoked_at") @Schema(nullable = true) Instant revokedAt) {
    }
}
