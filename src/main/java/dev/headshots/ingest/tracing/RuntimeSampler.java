package dev.headshots.ingest.tracing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The sampler named by {@code quarkus.otel.traces.sampler} when the service starts, with its ratio from
 * {@code quarkus.otel.traces.sampler.arg}. Quarkus 3.33 fixes the sampler's name at build time (quarkusio/quarkus#36471), so
 * {@code QUARKUS_OTEL_TRACES_SAMPLER=always_on} on a built image would be ignored; this bean, which Quarkus uses in place of
 * its own, reads the name from the runtime configuration sources instead (environment, system properties,
 * {@code application.properties}), skipping the copy Quarkus recorded at build time. Quarkus still warns at startup that the
 * build-time value was changed; the value given at runtime is the one in force. Values: {@code always_on}, {@code always_off},
 * {@code traceidratio}, {@code parentbased_always_on}, {@code parentbased_always_off}, {@code parentbased_traceidratio}.
 */
@Singleton
public class RuntimeSampler implements Sampler {

    static final String NAME = "quarkus.otel.traces.sampler";
    static final String ARG = "quarkus.otel.traces.sampler.arg";
    /** The name of Quarkus's source of build-time values that the running application may not change. */
    private static final String BUILD_TIME_FIXED = "BuildTime RunTime Fixed";

    private final Sampler delegate;

    public RuntimeSampler(Config config) {
        String name = runtimeValue(config, NAME).orElse("parentbased_always_on");
        double ratio = config.getOptionalValue(ARG, Double.class).orElse(1.0);
        this.delegate = of(name, ratio);
    }

    /** The sampler called {@code name}; an unknown name is refused at startup. */
    static Sampler of(String name, double ratio) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            default -> throw new IllegalArgumentException(NAME + ": unknown sampler '" + name + "'");
        };
    }

    /** The value of {@code key} in the highest-ordinal source that has one, Quarkus's build-time record left out. */
    static Optional<String> runtimeValue(Config config, String key) {
        List<ConfigSource> sources = StreamSupport.stream(config.getConfigSources().spliterator(), false)
                .filter(source -> source.getName() == null || !source.getName().contains(BUILD_TIME_FIXED))
                .toList();
        for (ConfigSource source : sources) {
            String value = source.getValue(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return config.getOptionalValue(key, String.class);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return delegate.getDescription();
    }
}
