package dev.headshots.ingest.tracing;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Makes the Kafka connector's tracing follow {@code quarkus.otel.sdk.disabled}: unless
 * {@code mp.messaging.connector.smallrye-kafka.tracing-enabled} is set explicitly, it is on exactly when the SDK is. The
 * connector would otherwise trace every record even with the SDK "disabled" (which still creates spans, and injects their
 * {@code traceparent} header, without exporting them), at about 1% of the service's CPU at 4,000 callbacks/s (BENCHMARKS.md),
 * and one switch, {@code QUARKUS_OTEL_SDK_DISABLED}, would not turn tracing on end to end. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.APPLICATION)
public class KafkaTracingSwitch implements ConfigSourceInterceptor {

    static final String KAFKA_TRACING = "mp.messaging.connector.smallrye-kafka.tracing-enabled";
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !KAFKA_TRACING.equals(name)) {
            return value;
        }
        ConfigValue disabled = context.proceed(SDK_DISABLED);
        boolean sdkOn = disabled != null && "false".equalsIgnoreCase(disabled.getValue().trim());
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(sdkOn))
                .withConfigSourceName(KafkaTracingSwitch.class.getSimpleName()).build();
    }
}
