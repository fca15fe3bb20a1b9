package dev.headshots.ingest.tenant;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.security.SecretSet;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Resolves an API key to its tenant. The keys of {@code headshots.api.keys} are the tenant {@code default}'s, compared in
 * constant time; any other key is looked up by its SHA-256 in {@code tenant_api_key}, and refused when it is revoked or its
 * tenant disabled (for {@code default}'s configured keys too).
 * <p>
 * Each instance remembers what it read of a key for {@code headshots.tenants.key-cache-ttl} (2 s), so a revocation or a
 * disablement reaches every instance within that, without any signal between instances: a short cache bounds the delay whatever
 * happens to connections, where {@code LISTEN/NOTIFY} would need a connection held open per instance and a fallback for the
 * notifications it misses while reconnecting. The price is one indexed lookup per key and instance every 2 s. The cache is
 * Caffeine's, as for callback tokens ({@code runflow.CallbackOwners}). Refusals are not remembered: a key created a moment ago
 * works at once, and guessing is bounded by the failed-authentication limit.
 */
@ApplicationScoped
public class TenantKeys {

    private static final String LOOKUP = """
            SELECT k.tenant_id FROM tenant_api_key k JOIN tenant t ON t.id = k.tenant_id
            WHERE k.key_sha256 = $1 AND k.revoked_at IS NULL AND t.disabled_at IS NULL""";

    private static final String ENABLED = "SELECT id AS tenant_id FROM tenant WHERE id = $1 AND disabled_at IS NULL";

    private final Pool pool;
    private final SecretSet configured;
    private final Cache<ByteBuffer, Caller> cache;

    public TenantKeys(Pool pool, ApiConfig config, TenantsConfig tenants) {
        this.pool = pool;
        this.configured = SecretSet.of(config.keys().orElse(List.of()));
        this.cache = Caffeine.newBuilder().expireAfterWrite(tenants.keyCacheTtl()).maximumSize(tenants.keyCacheSize())
                .executor(Runnable::run).build();
    }

    /** Whether any key could be accepted: configured keys, or keys in Postgres (which cannot be known without asking). */
    public boolean hasConfiguredKeys() {
        return !configured.isEmpty();
    }

    /** The caller {@code presented} authenticates, or empty when the key is unknown, revoked, or its tenant disabled. */
    public Uni<Optional<Caller>> resolve(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        boolean isConfigured = configured.matches(presented);
        ByteBuffer digest = ByteBuffer.wrap(SecretSet.sha256(presented));
        Caller known = cache.getIfPresent(digest);
        if (known != null) {
            return Uni.createFrom().item(Optional.of(known));
        }
        Uni<Optional<String>> tenant = isConfigured
                ? lookup(ENABLED, Tuple.of(Tenant.DEFAULT))
                : lookup(LOOKUP, Tuple.of(digest.array()));
        return tenant.map(found -> found.map(id -> {
            Caller caller = new Caller(id);
            cache.put(digest, caller);
            return caller;
        }));
    }

    private Uni<Optional<String>> lookup(String sql, Tuple parameters) {
        return pool.preparedQuery(sql).execute(parameters)
                .map(rows -> rows.size() == 0
                        ? Optional.<String>empty()
                        : Optional.of(rows.iterator().next().getString("tenant_id")));
    }
}
