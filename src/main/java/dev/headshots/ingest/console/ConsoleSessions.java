package dev.headshots.ingest.console;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.security.SecretSet;
import dev.headshots.ingest.tenant.AdminConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The console's sessions, one row of {@code console_session} each, so that any instance verifies any session with one indexed
 * statement. The cookie carries 256 random bits; only their SHA-256 is stored. Resuming a session is that statement: it ends a
 * session idle for {@code idle-timeout} or older than {@code max-age}, and one whose key no longer works (a tenant's key
 * revoked or its tenant disabled, read the same way as {@code tenant.TenantKeys} reads them); a key of the configuration must
 * still be configured. Each resume marks the session used.
 */
@ApplicationScoped
public class ConsoleSessions {

    private static final String OPEN = """
            INSERT INTO console_session (token_sha256, tenant_id, key_sha256, key_source, csrf_token, expires_at)
            VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))""";

    private static final String RESUME = """
            UPDATE console_session s SET last_seen_at = now()
            WHERE s.token_sha256 = $1 AND s.last_seen_at > now() - make_interval(secs => $2) AND s.expires_at > now()
              AND (s.key_source <> 'tenant' OR EXISTS (SELECT 1 FROM tenant_api_key k JOIN tenant t ON t.id = k.tenant_id
                   WHERE k.key_sha256 = s.key_sha256 AND k.revoked_at IS NULL AND t.disabled_at IS NULL))
              AND (s.key_source <> 'config' OR EXISTS (SELECT 1 FROM tenant t WHERE t.id = s.tenant_id
                   AND t.disabled_at IS NULL))
            RETURNING s.tenant_id, s.key_sha256, s.key_source, s.csrf_token""";

    private static final String CLOSE = "DELETE FROM console_session WHERE token_sha256 = $1";

    private static final String FORGET_ENDED = """
            DELETE FROM console_session WHERE last_seen_at < now() - make_interval(secs => $1) OR expires_at < now()""";

    /** Made with the bean, at run time: a static one would be made while the native image is built, seed and all. */
    private final SecureRandom random = new SecureRandom();
    private final Pool pool;
    private final ConsoleConfig config;
    private final Set<ByteBuffer> apiKeys;
    private final Set<ByteBuffer> adminKeys;

    public ConsoleSessions(Pool pool, ConsoleConfig config, ApiConfig api, AdminConfig admin) {
        this.pool = pool;
        this.config = config;
        this.apiKeys = digests(api.keys().orElse(List.of()));
        this.adminKeys = digests(admin.keys().orElse(List.of()));
    }

    /** Where the key of a session lives; it decides how a resume checks that the key still works. */
    public enum KeySource {
        TENANT, CONFIG, ADMIN
    }

    /** A session just opened: the cookie's token, and the session's CSRF token. */
    public record Opened(String token, String csrf) {
    }

    /** Opens a session for {@code tenantId} (null: admin) signed in with {@code key}; forgets sessions that have ended. */
    public Uni<Opened> open(String tenantId, String key, KeySource source) {
        Opened opened = new Opened(randomToken(), randomToken());
        return pool.preparedQuery(FORGET_ENDED).execute(Tuple.of(seconds(config.idleTimeout().toMillis())))
                .chain(() -> pool.preparedQuery(OPEN).execute(Tuple.from(new Object[]{SecretSet.sha256(opened.token()),
                        tenantId, SecretSet.sha256(key), source.name().toLowerCase(), opened.csrf(),
                        seconds(config.maxAge().toMillis())})))
                .replaceWith(opened);
    }

    /** The user of the session whose cookie holds {@code token}, if it is still open. */
    public Uni<Optional<ConsoleUser>> resume(String token) {
        if (token == null || token.isEmpty() || token.length() > 64) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(RESUME)
                .execute(Tuple.of(SecretSet.sha256(token), seconds(config.idleTimeout().toMillis())))
                .map(rows -> rows.size() == 0 ? Optional.<ConsoleUser>empty() : user(rows.iterator().next()));
    }

    /** Ends the session whose cookie holds {@code token}. */
    public Uni<Void> close(String token) {
        return token == null
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery(CLOSE).execute(Tuple.of(SecretSet.sha256(token))).replaceWithVoid();
    }

    private Optional<ConsoleUser> user(Row row) {
        ByteBuffer key = ByteBuffer.wrap(row.getBuffer("key_sha256").getBytes());
        String source = row.getString("key_source");
        boolean stillConfigured = switch (source) {
            case "config" -> apiKeys.contains(key);
            case "admin" -> adminKeys.contains(key);
            default -> true;
        };
        return stillConfigured
                ? Optional.of(new ConsoleUser(row.getString("tenant_id"), row.getString("csrf_token")))
                : Optional.empty();
    }

    private static Set<ByteBuffer> digests(List<String> keys) {
        return keys.stream().filter(key -> !key.isBlank()).map(key -> ByteBuffer.wrap(SecretSet.sha256(key)))
                .collect(Collectors.toUnmodifiableSet());
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
