package dev.headshots.ingest.support;

import java.time.Duration;
import java.util.Map;

import dev.headshots.ingest.config.IngestConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Builds an {@link IngestConfig} from defaults plus overrides, for unit tests of pure logic. */
public final class TestConfig {

    private TestConfig() {
    }

    public static IngestConfig of(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                .withSources(new PropertiesConfigSource(overrides, "test", 500))
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .build();
        return config.getConfigMapping(IngestConfig.class);
    }

    public static IngestConfig defaults() {
        return of(Map.of());
    }
}
