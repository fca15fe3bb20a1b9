package dev.headshots.ingest.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.headshots.ingest.support.MappedProperties;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the service itself declares about its configuration, read from the sources rather than restated: the keys and prod
 * values of {@code application.properties}, the {@code headshots.*} keys of every {@code @ConfigMapping} of the service (one
 * mapping per feature, such as {@code runflow/RunflowConfig}, and those in {@code config/} for what several share, found among
 * the compiled classes) and their defaults (by reflection, kebab-case as SmallRye names them), the MicroProfile Config rule
 * that turns a key into an environment variable name, and Quarkus's own converters for sizes and durations.
 */
final class ServiceConfig {

    private static final Path APPLICATION_PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    private static final Properties PROPERTIES = load();
    private static final Map<String, Method> INGEST_PROPERTIES = MappedProperties.all();

    private ServiceConfig() {
    }

    /** The value in the prod profile ({@code %prod.key}, else {@code key}), as the packaged service reads it. */
    static Optional<String> value(String key) {
        return Optional.ofNullable(PROPERTIES.getProperty("%prod." + key, PROPERTIES.getProperty(key)));
    }

    static String value(String key, String defaultValue) {
        return value(key).orElse(defaultValue);
    }

    /** The prod-profile keys of application.properties, without profile-specific ones. */
    static Set<String> prodKeys() {
        return PROPERTIES.stringPropertyNames().stream().filter(key -> !key.startsWith("%")).collect(Collectors.toSet());
    }

    /** Every key application.properties sets in any profile, with the profile prefix ({@code %dev,test.}) removed. */
    static Set<String> keysOfAnyProfile() {
        return PROPERTIES.stringPropertyNames().stream()
                .map(key -> key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The {@code headshots.*} keys the service declares, for example {@code headshots.webhook.max-body-bytes}. */
    static Set<String> ingestKeys() {
        return new TreeSet<>(INGEST_PROPERTIES.keySet());
    }

    /** The {@code @WithDefault} of a {@code headshots.*} key; empty for a key without one (an {@code Optional}). */
    static Optional<String> ingestDefault(String key) {
        Method property = INGEST_PROPERTIES.get(key);
        if (property == null) {
            throw new AssertionError(key + " is not declared by any @ConfigMapping of the service");
        }
        return Optional.ofNullable(property.getAnnotation(WithDefault.class)).map(WithDefault::value);
    }

    /**
     * The value the deployed service runs with: the container's environment variable, else the prod value of
     * application.properties, else the {@code @WithDefault} of its mapping.
     */
    static Optional<String> effective(Map<String, String> environment, String key) {
        return Optional.ofNullable(environment.get(environmentName(key))).or(() -> value(key))
                .or(() -> key.startsWith("headshots.") ? ingestDefault(key) : Optional.empty());
    }

    /** The environment variable that MicroProfile Config reads for {@code key}: non-alphanumerics to "_", upper-cased. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** A Quarkus memory size ("512K", "25M") in bytes, with Quarkus's own converter. */
    static long bytes(String memorySize) {
        return new MemorySizeConverter().convert(memorySize).asLongValue();
    }

    /** A Quarkus duration ("25s", "PT25S"), with Quarkus's own converter. */
    static Duration duration(String text) {
        return DurationConverter.parseDuration(text);
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
