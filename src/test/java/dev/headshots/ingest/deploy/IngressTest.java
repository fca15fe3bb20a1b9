package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

/**
 * The Ingresses publish only the webhook ({@code /webhooks/runflow/headshots}, as a prefix so that the per-job token paths
 * match), {@code /v1} and the event schemas ({@code /schemas}), each path once, over TLS on one host, to the Service's http
 * port; those prefixes cover every JAX-RS resource the service serves and nothing else ({@code /q/*} stays internal). nginx's
 * body limit is per Ingress: the one for {@code /v1} is the service's own HTTP ceiling,
 * {@code quarkus.http.limits.max-body-size} (photo uploads), the webhook's is small, at least the webhook's own limit and at
 * most twice it. Uploads are buffered by nginx and it waits longer for the answer than a Runflow submission may take.
 * {@code headshots.public-base-url}, from which the service builds the callback URLs it gives Runflow, is that host over https,
 * and one Ingress only asks cert-manager for the shared certificate.
 */
class IngressTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    static final String WEBHOOK = "/webhooks/runflow/headshots";
    static final String API = "/v1";
    static final Set<String> PUBLIC_PREFIXES = Set.of(WEBHOOK, API);
    /**
     * Static files published too: the JSON Schemas that every CloudEvent names in {@code dataschema}
     * ({@code <public base URL>/schemas/<type>.json}), from {@code META-INF/resources/schemas}.
     */
    static final String SCHEMAS = "/schemas";

    /**
     * Resources that must never be public: the benchmark's ceiling (off, 404, unless switched on for a benchmark), and the
     * admin API (reached by port-forward, or by the opt-in Ingress of {@code components/admin-ingress} on a host of its own),
     * and the operator console (port-forward, or the opt-in Ingress of {@code components/console-ingress}, which the dev
     * overlay includes: {@link ConsoleIngressTest}).
     */
    static final Set<String> NOT_ROUTED = Set.of("/webhooks/bench/ceiling", "/admin/v1/tenants",
            "/admin/v1/tenants/{id}/api-keys", "/admin/v1/tenants/{id}/signing-secrets", "/console", "/console/jobs",
            "/console/jobs/{id}", "/console/overview");

    /** The label of the Ingresses for operators only (the console's), which this test leaves to their own tests. */
    static final String OPERATORS_ONLY = "headshots.dev/operators-only";

    private static final String ANNOTATIONS = "nginx.ingress.kubernetes.io/";
    private static final String CLUSTER_ISSUER = "cert-manager.io/cluster-issuer";
    private static final Path CLASSES = Path.of("target", "classes");

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void onlyThePublicApiIsRoutedOverTls(String directory) {
        Manifests manifests = Manifests.of(directory);
        Service service = manifests.one(Service.class);
        List<String> paths = new ArrayList<>();
        Set<String> hosts = new TreeSet<>();
        for (Ingress ingress : manifests.all(Ingress.class)) {
            if (ingress.getMetadata().getLabels().containsKey(OPERATORS_ONLY)) {
                continue;
            }
            assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
            assertThat(ingress.getSpec().getDefaultBackend()).isNull();
            for (IngressRule rule : ingress.getSpec().getRules()) {
                hosts.add(rule.getHost());
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
        }
        Set<String> published = new TreeSet<>(PUBLIC_PREFIXES);
        published.add(SCHEMAS);
        assertThat(paths).as("each public prefix routed exactly once").containsExactlyInAnyOrderElementsOf(published);
        assertThat(hosts).as("one public host").hasSize(1);
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theApiTakesUploadsUpToTheServicesHttpCeiling(String directory) {
        Map<String, String> annotations = routing(Manifests.of(directory), API).getMetadata().getAnnotations();
        long httpCeiling = ServiceConfig.bytes(ServiceConfig.value("quarkus.http.limits.max-body-size").orElseThrow());
        assertThat(nginxSize(annotations.get(ANNOTATIONS + "proxy-body-size"))).isEqualTo(httpCeiling);
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theWebhookKeepsASmallLimitAtTheEdge(String directory) {
        Manifests manifests = Manifests.of(directory);
        Map<String, String> annotations = routing(manifests, WEBHOOK).getMetadata().getAnnotations();
        long ingressLimit = nginxSize(annotations.get(ANNOTATIONS + "proxy-body-size"));
        long webhookLimit = ServiceConfig.bytes(
                ServiceConfig.effective(manifests.environment(), "headshots.webhook.max-body-bytes").orElseThrow());
        long httpCeiling = ServiceConfig.bytes(ServiceConfig.value("quarkus.http.limits.max-body-size").orElseThrow());
        assertThat(ingressLimit).as("the service answers an oversized callback itself, with a problem document")
                .isGreaterThanOrEqualTo(webhookLimit);
        assertThat(ingressLimit).as("far larger callbacks stop at nginx").isLessThanOrEqualTo(2 * webhookLimit)
                .isLessThan(httpCeiling);
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void nginxBuffersUploadsAndOutwaitsTheRunflowSubmission(String directory) {
        Manifests manifests = Manifests.of(directory);
        Map<String, String> annotations = routing(manifests, API).getMetadata().getAnnotations();
        assertThat(annotations).as("nginx, not a pod, waits for a slow client's upload")
                .containsEntry(ANNOTATIONS + "proxy-request-buffering", "on");
        Duration submission = Stream.of("headshots.runflow.connect-timeout", "headshots.runflow.read-timeout")
                .map(key -> ServiceConfig.duration(ServiceConfig.effective(manifests.environment(), key).orElseThrow()))
                .reduce(Duration.ZERO, Duration::plus);
        Duration readTimeout = Duration.ofSeconds(Long.parseLong(annotations.get(ANNOTATIONS + "proxy-read-timeout")));
        assertThat(readTimeout).as("nginx must not answer 504 while Runflow may still take the job")
                .isGreaterThan(submission.plusSeconds(10));
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void thePublicBaseUrlIsTheIngressHostOverHttps(String directory) {
        Manifests manifests = Manifests.of(directory);
        URI base = URI.create(ServiceConfig.effective(manifests.environment(), "headshots.public-base-url").orElseThrow());
        String host = routing(manifests, WEBHOOK).getSpec().getRules().get(0).getHost();
        assertThat(base.getScheme()).isEqualTo("https");
        assertThat(base.getHost()).isEqualTo(host).isEqualTo(routing(manifests, API).getSpec().getRules().get(0).getHost());
        assertThat(base.getPort()).isIn(-1, 443);
        assertThat(base.getPath()).as("the Ingress serves the prefixes at the root").isIn("", "/");
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void oneIngressAsksCertManagerForTheSharedCertificate(String directory) {
        List<Ingress> ingresses = Manifests.of(directory).all(Ingress.class).stream()
                .filter(ingress -> !ingress.getMetadata().getLabels().containsKey(OPERATORS_ONLY)).toList();
        assertThat(ingresses).flatExtracting(ingress -> ingress.getSpec().getTls())
                .extracting(tls -> tls.getSecretName()).containsOnly("headshots-ingest-tls");
        assertThat(ingresses).filteredOn(ingress -> ingress.getMetadata().getAnnotations().containsKey(CLUSTER_ISSUER))
                .as("cert-manager refuses to manage one Certificate from two Ingresses").singleElement()
                .satisfies(ingress -> assertThat(ingress.getMetadata().getAnnotations().get(CLUSTER_ISSUER))
                        .isEqualTo(directory.endsWith("prod") ? "letsencrypt-prod" : "letsencrypt-staging"));
    }

    /**
     * Upgrading from the single Ingress (which routed both prefixes under the name {@code headshots-ingest}) needs the webhook
     * prefix released before another Ingress claims it: ingress-nginx's admission webhook refuses a host and path that an
     * existing Ingress already routes. kubectl applies in the rendered order.
     */
    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theFormerIngressIsAppliedBeforeTheNewOne(String directory) {
        Manifests manifests = Manifests.of(directory);
        Ingress former = routing(manifests, API);
        assertThat(former.getMetadata().getName()).isEqualTo("headshots-ingest");
        assertThat(manifests.all(Ingress.class)).first().isSameAs(former);
    }

    @Test
    void thePublicPrefixesServeEveryResourceOfTheService() throws IOException, ClassNotFoundException {
        Set<String> resources = resourcePaths();
        assertThat(resources).as("JAX-RS resources").isNotEmpty();
        assertThat(resources).containsAll(NOT_ROUTED);
        assertThat(resources).filteredOn(resource -> !NOT_ROUTED.contains(resource)).allSatisfy(resource -> assertThat(
                PUBLIC_PREFIXES)
                .as(resource + " is not routed by the Ingress (route it, or exempt it here on purpose)")
                .anyMatch(prefix -> covers(prefix, resource)));
        assertThat(NOT_ROUTED).allSatisfy(resource -> assertThat(PUBLIC_PREFIXES).as(resource + " must not be routed")
                .noneMatch(prefix -> covers(prefix, resource)));
        assertThat(PUBLIC_PREFIXES).allSatisfy(prefix -> assertThat(resources).as(prefix + " routes to no resource")
                .anyMatch(resource -> covers(prefix, resource)));
    }

    @Test
    void theSchemasPrefixServesTheEventSchemas() {
        assertThat(Path.of("src", "main", "resources", "META-INF", "resources" + SCHEMAS)).isDirectoryContaining(
                "glob:**/headshots.stored.json");
        assertThat(dev.headshots.ingest.config.PublicUrls.SCHEMAS_PATH).isEqualTo(SCHEMAS + "/");
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

    /** The Ingress whose paths include {@code prefix}. */
    private static Ingress routing(Manifests manifests, String prefix) {
        return manifests.all(Ingress.class).stream()
                .filter(ingress -> ingress.getSpec().getRules().stream().flatMap(rule -> rule.getHttp().getPaths().stream())
                        .anyMatch(path -> path.getPath().equals(prefix)))
                .findFirst().orElseThrow(() -> new AssertionError(manifests + ": no Ingress routes " + prefix));
    }

    /**
     * The class-level {@code @Path} of every JAX-RS resource compiled into target/classes: a class, or an interface that a
     * compiled class implements. An interface nothing implements is a REST client's (as {@code RunflowApi}), not served here.
     */
    private static Set<String> resourcePaths() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (String name : files.map(file -> CLASSES.relativize(file).toString())
                    .filter(file -> file.endsWith(".class"))
                    .map(file -> file.substring(0, file.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .toList()) {
                classes.add(Class.forName(name, false, IngressTest.class.getClassLoader()));
            }
        }
        Set<Class<?>> implemented = new HashSet<>();
        classes.stream().filter(type -> !type.isInterface()).forEach(type -> implemented.addAll(List.of(type.getInterfaces())));
        Set<String> paths = new TreeSet<>();
        for (Class<?> type : classes) {
            jakarta.ws.rs.Path path = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (path != null && (!type.isInterface() || implemented.contains(type))) {
                paths.add(("/" + path.value()).replaceAll("/+", "/"));
            }
        }
        return paths;
    }
}
