package dev.headshots.ingest.tenant;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of tenants and their API keys, under {@code headshots.tenants}. */
@ConfigMapping(prefix = "headshots.tenants")
public interface TenantsConfig {

    /**
     * How long an instance trusts what it read of an API key (its tenant, that the key is not revoked and the tenant not
     * disabled): a revocation or a disablement reaches every instance within this. Keep it under 5s.
     */
    @WithDefault("2s")
    Duration keyCacheTtl();

    /** API keys whose lookups an instance keeps at once; beyond that, those least likely to be used again are dropped. */
    @WithDefault("10000")
    int keyCacheSize();
}
