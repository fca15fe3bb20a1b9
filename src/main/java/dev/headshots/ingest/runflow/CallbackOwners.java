package dev.headshots.ingest.runflow;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import dev.headshots.ingest.config.WebhookConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.mutiny.Uni;

/**
 * Who owns a per-job callback token, as {@link Submissions#ownerOf} finds it, kept for
 * {@code headshots.webhook.token-cache-ttl} after the lookup (at most {@code token-cache-size} tokens, beyond which Caffeine
 * drops those least likely to be asked for again), so that Runflow's retries and a run's several events cost one indexed
 * lookup, not one each. Only a token whose job exists is kept: what such a token names (the job, the run's metadata, the
 * submission's span) does not change while the job lives, and erasing a job leaves its token in place. An unknown token, one
 * still being submitted, and a failed lookup are asked again every time, so that neither a 404 nor a 503 outlives its cause. A
 * TTL of zero turns the cache off.
 */
@ApplicationScoped
public class CallbackOwners {

    static final String CACHE_NAME = "callback-token-owners";

    private final Function<byte[], Uni<Submissions.Owner>> lookup;
    private final Cache<ByteBuffer, Submissions.Owner> recent;

    @Inject
    CallbackOwners(Submissions submissions, WebhookConfig config, MeterRegistry registry) {
        this(submissions::ownerOf, config.tokenCacheTtl(), config.tokenCacheSize(), Ticker.systemTicker());
        if (recent != null) {
            CaffeineCacheMetrics.monitor(registry, recent, CACHE_NAME);
        }
    }

    CallbackOwners(Function<byte[], Uni<Submissions.Owner>> lookup, Duration ttl, int size, Ticker ticker) {
        if (ttl.isNegative() || size < 0) {
            throw new IllegalArgumentException("headshots.webhook.token-cache-ttl and token-cache-size must not be negative");
        }
        this.lookup = lookup;
        this.recent = ttl.isZero() || size == 0
                ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).ticker(ticker)
                        .executor(Runnable::run).recordStats().build();
    }

    /** The owner of the token whose SHA-256 is {@code tokenDigest}. */
    public Uni<Submissions.Owner> ownerOf(byte[] tokenDigest) {
        if (recent == null) {
            return lookup.apply(tokenDigest);
        }
        ByteBuffer key = ByteBuffer.wrap(tokenDigest.clone());
        Submissions.Owner kept = recent.getIfPresent(key);
        if (kept != null) {
            return Uni.createFrom().item(kept);
        }
        return lookup.apply(tokenDigest).invoke(owner -> {
            if (owner.headshotsId().isPresent()) {
                recent.put(key, owner);
            }
        });
    }
}
