package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.headshots.ingest.config.IngestConfig;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.smallrye.config.WithDefault;

/**
 * The Ingress publishes only the webhook ({@code /webhooks/runflow/headshots}, as a prefix so that per-job token paths match
 * later) and {@code /v1}, over TLS, to the Service's http port; those prefixes cover every JAX-RS resource of the service and
 * nothing else ({@code /q/*} stays internal); and nginx's body limit is the service's own HTTP ceiling,
 * {@code quarkus.http.limits.max-body-size}, which is at least the webhook's own limit.
 */
class IngressTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    static final Set<String> PUBLIC_PREFIXES = Set.of("/webhooks/runflow/headshots", "/v1");

    private static final Path CLASSES = Path.of("target", "classes");

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void onlyThePublicApiIsRoutedOverTls(String directory) {
        Manifests manifests = Manifests.of(directory);
        Ingress ingress = manifests.one(Ingress.class);
        Service service = manifests.one(Service.class);
        Set<String> paths = new TreeSet<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertThat(ingress.getSpec().getTls()).anySatisfy(tls -> {
                assertThat(tls.getHosts()).contains(rule.getHost());
                assertThat(tls.getSecretName()).isNotBlank();
            });
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                paths.add(path.getPath());
                assertThat(path.getPathType()).as(path.getPath()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
                assertThat(path.getBackend().getService().getPort().getName())
                        .isEqualTo(service.getSpec().getPorts().get(0).getName());
            }
        }
        assertThat(paths).isEqualTo(PUBLIC_PREFIXES);
        assertThat(ingress.getSpec().getDefaultBackend()).isNull();
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theBodyLimitIsTheServicesHttpCeiling(String directory) throws NoSuchMethodException {
        Manifests manifests = Manifests.of(directory);
        String annotation = manifests.one(Ingress.class).getMetadata().getAnnotations()
                .get("nginx.ingress.kubernetes.io/proxy-body-size");
        long ingressLimit = nginxSize(annotation);
        long httpCeiling = ServiceConfig.bytes(ServiceConfig.value("quarkus.http.limits.max-body-size").orElseThrow());
        String webhookDefault = IngestConfig.Webhook.class.getMethod("maxBodyBytes").getAnnotation(WithDefault.class).value();
        long webhookLimit = ServiceConfig.bytes(manifests.environment().getOrDefault("HEADSHOTS_WEBHOOK_MAX_BODY_BYTES",
                ServiceConfig.value("headshots.webhook.max-body-bytes", webhookDefault)));
        assertThat(ingressLimit).isEqualTo(httpCeiling).isGreaterThanOrEqualTo(webhookLimit);
    }

    @Test
    void thePublicPrefixesServeEveryResourceOfTheService() throws IOException, ClassNotFoundException {
        Set<String> resources = resourcePaths();
        assertThat(resources).as("JAX-RS resources").isNotEmpty();
        assertThat(resources).allSatisfy(resource -> assertThat(PUBLIC_PREFIXES)
                .as(resource + " is not routed by the Ingress (route it, or exempt it here on purpose)")
                .anyMatch(prefix -> covers(prefix, resource)));
        assertThat(PUBLIC_PREFIXES).allSatisfy(prefix -> assertThat(resources).as(prefix + " routes to no resource")
                .anyMatch(resource -> covers(prefix, resource)));
    }

    /** Kubernetes' Prefix match: by whole path segments. */
    static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** nginx's size syntax: a number with an optional k or m (powers of 1024), as in client_max_body_size. */
    static long nginxSize(String size) {
        Matcher matcher = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(size.trim());
        assertThat(matcher.matches()).as("nginx size " + size).isTrue();
        long number = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> number * 1024;
            case "m" -> number * 1024 * 1024;
            case "g" -> number * 1024 * 1024 * 1024;
            default -> number;
        };
    }

    /** The class-level {@code @Path} of every JAX-RS resource compiled into target/classes. */
    private static Set<String> resourcePaths() throws IOException, ClassNotFoundException {
        Set<String> paths = new TreeSet<>();
        List<String> classNames;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            classNames = files.map(file -> CLASSES.relativize(file).toString()).filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .toList();
        }
        for (String className : classNames) {
            jakarta.ws.rs.Path path = Class.forName(className, false, IngressTest.class.getClassLoader())
                    .getAnnotation(jakarta.ws.rs.Path.class);
            if (path != null) {
                paths.add(("/" + path.value()).replaceAll("/+", "/"));
            }
        }
        return paths;
    }
}
