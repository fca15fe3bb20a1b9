package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every environment variable the Deployment gives the container, from {@code env} or from a ConfigMap through {@code envFrom},
 * is the MicroProfile Config spelling of a key the service reads: a {@code headshots.*} key declared by a
 * {@code @ConfigMapping}, a key of {@code application.properties} (in any profile), or one of the few Quarkus and Kafka client
 * keys listed below that the service reads without setting them itself. A misspelt variable would otherwise be ignored silently
 * and the service would run on its default. Every such {@code headshots.*} key that has no default is set.
 */
class EnvironmentMapsToConfigTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    /** Read by Quarkus or the Kafka connector although application.properties does not set them for prod. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of(
            "kafka.bootstrap.servers",
            "quarkus.datasource.username",
            "quarkus.datasource.password",
            "quarkus.datasource.reactive.url",
            "quarkus.datasource.jdbc.url",
            "quarkus.s3.aws.region",
            "quarkus.s3.aws.credentials.type",
            "quarkus.s3.aws.credentials.static-provider.access-key-id",
            "quarkus.s3.aws.credentials.static-provider.secret-access-key",
            "quarkus.s3.endpoint-override",
            "quarkus.shutdown.timeout",
            "quarkus.log.level");

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void everyVariableIsAConfigurationKeyOfTheService(String directory) {
        Map<String, String> known = knownVariables();
        Set<String> unknown = new TreeSet<>(Manifests.of(directory).environment().keySet());
        unknown.removeAll(known.keySet());
        assertThat(unknown).as(directory + ": variables that map to no configuration key").isEmpty();
    }

    @Test
    void theMappingFollowsMicroProfileConfig() {
        assertThat(ServiceConfig.environmentName("headshots.webhook.max-body-bytes"))
                .isEqualTo("HEADSHOTS_WEBHOOK_MAX_BODY_BYTES");
        assertThat(ServiceConfig.environmentName("quarkus.s3.aws.credentials.static-provider.access-key-id"))
                .isEqualTo("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID");
        assertThat(ServiceConfig.environmentName("headshots.public-base-url")).isEqualTo("HEADSHOTS_PUBLIC_BASE_URL");
        assertThat(ServiceConfig.ingestKeys()).contains("headshots.webhook.secrets", "headshots.download.allowed-hosts",
                "headshots.storage.bucket", "headshots.webhook.max-body-bytes", "headshots.public-base-url",
                "headshots.runflow.base-url", "headshots.runflow.api-key", "headshots.api.keys");
        assertThat(ServiceConfig.ingestDefault("headshots.runflow.base-url")).contains("https://api.runflow.io");
        assertThat(ServiceConfig.ingestDefault("headshots.api.keys")).isEmpty();
    }

    /**
     * A {@code headshots.*} key without a default is an {@code Optional} the service runs without, refusing what depends on it
     * (no webhook secrets, API keys or Runflow key: every callback or call is refused). Each one must be set.
     */
    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void everyKeyWithoutADefaultIsSet(String directory) {
        Map<String, String> environment = Manifests.of(directory).environment();
        Set<String> withoutDefault = new TreeSet<>(ServiceConfig.ingestKeys());
        withoutDefault.removeIf(key -> ServiceConfig.ingestDefault(key).isPresent());
        assertThat(withoutDefault).contains("headshots.webhook.secrets", "headshots.api.keys", "headshots.runflow.api-key");
        assertThat(withoutDefault).allSatisfy(key -> assertThat(ServiceConfig.effective(environment, key))
                .as(directory + ": " + key + " (" + ServiceConfig.environmentName(key) + ")").isPresent());
    }

    /** Variable name to the configuration key it sets. */
    private static Map<String, String> knownVariables() {
        Map<String, String> known = new HashMap<>();
        Set<String> keys = new TreeSet<>(ServiceConfig.ingestKeys());
        keys.addAll(ServiceConfig.keysOfAnyProfile());
        keys.addAll(FRAMEWORK_KEYS);
        keys.forEach(key -> known.put(ServiceConfig.environmentName(key), key));
        return known;
    }
}
