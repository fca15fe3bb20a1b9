package dev.headshots.ingest.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The switches of tracing, without an application: the Kafka connector's tracing follows {@code quarkus.otel.sdk.disabled}
 * unless it is set itself ({@link KafkaTracingSwitch}); the sampler is the one named at runtime even though Quarkus records a
 * build-time value above every other source ({@link RuntimeSampler}); a callback token and query strings leave the URL
 * attributes ({@link SecretScrubber}).
 */
class TracingConfigTest {

    @Test
    void kafkaTracingFollowsTheSdkSwitch() {
        assertThat(config(Map.of("quarkus.otel.sdk.disabled", "true")).getValue(KafkaTracingSwitch.KAFKA_TRACING,
                Boolean.class)).isFalse();
        assertThat(config(Map.of("quarkus.otel.sdk.disabled", "false")).getValue(KafkaTracingSwitch.KAFKA_TRACING,
                Boolean.class)).isTrue();
        assertThat(config(Map.of()).getValue(KafkaTracingSwitch.KAFKA_TRACING, Boolean.class)).isFalse();
        assertThat(config(Map.of("quarkus.otel.sdk.disabled", "false", KafkaTracingSwitch.KAFKA_TRACING, "false"))
                .getValue(KafkaTracingSwitch.KAFKA_TRACING, Boolean.class)).as("set explicitly").isFalse();
    }

    @Test
    void theSamplerIsTheOneNamedAtRuntimeNotTheBuildTimeRecord() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(RuntimeSampler.NAME, "parentbased_always_on"),
                        "BuildTime RunTime Fixed", Integer.MAX_VALUE))
                .withSources(new PropertiesConfigSource(Map.of(RuntimeSampler.NAME, "always_on"), "EnvConfigSource", 300))
                .build();
        assertThat(RuntimeSampler.runtimeValue(config, RuntimeSampler.NAME)).contains("always_on");
        assertThat(new RuntimeSampler(config).getDescription()).isEqualTo("AlwaysOnSampler");
        assertThat(RuntimeSampler.of("parentbased_traceidratio", 0.25).getDescription())
                .contains("TraceIdRatioBased{0.250000}");
        assertThatThrownBy(() -> RuntimeSampler.of("sometimes", 1)).hasMessageContaining("unknown sampler 'sometimes'");
    }

    @Test
    void aCallbackTokenLeavesTheUrl() {
        assertThat(SecretScrubber.withoutToken("https://h.example/webhooks/runflow/headshots/c2VjcmV0LXRva2Vu?x=1"))
                .isEqualTo("https://h.example/webhooks/runflow/headshots/{token}");
        assertThat(SecretScrubber.withoutToken("https://h.example/v1/headshots")).isEqualTo("https://h.example/v1/headshots");
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withInterceptors(new KafkaTracingSwitch())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}
