package dev.headshots.ingest.support;

import java.time.Duration;
import java.util.Map;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.config.PublicUrlConfig;
import dev.headshots.ingest.config.RetryConfig;
import dev.headshots.ingest.config.StorageConfig;
import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.copy.DownloadConfig;
import dev.headshots.ingest.ops.OpsConfig;
import dev.headshots.ingest.outbox.OutboxConfig;
import dev.headshots.ingest.runflow.RunflowConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The service's {@code headshots.*} mappings built from defaults plus overrides, for unit tests of pure logic. */
public final class TestConfig {

    private static final Class<?>[] MAPPINGS = {PublicUrlConfig.class, WebhookConfig.class, DownloadConfig.class,
            StorageConfig.class, RunflowConfig.class, ApiConfig.class, OutboxConfig.class, OpsConfig.class, RetryConfig.class};

    private final SmallRyeConfig config;

    private TestConfig(SmallRyeConfig config) {
        this.config = config;
    }

    public static TestConfig of(Map<String, String> overrides) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(overrides, "test", 500))
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter());
        for (Class<?> mapping : MAPPINGS) {
            builder.withMapping(mapping);
        }
        return new TestConfig(builder.build());
    }

    public static TestConfig defaults() {
        return of(Map.of());
    }

    public WebhookConfig webhook() {
        return config.getConfigMapping(WebhookConfig.class);
    }

    public DownloadConfig download() {
        return config.getConfigMapping(DownloadConfig.class);
    }

    public StorageConfig storage() {
        return config.getConfigMapping(StorageConfig.class);
    }

    public RunflowConfig runflow() {
        return config.getConfigMapping(RunflowConfig.class);
    }

    public ApiConfig api() {
        return config.getConfigMapping(ApiConfig.class);
    }

    public RetryConfig retry() {
        return config.getConfigMapping(RetryConfig.class);
    }
}
