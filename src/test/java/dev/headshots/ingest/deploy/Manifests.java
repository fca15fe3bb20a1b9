package dev.headshots.ingest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * One rendered kustomization as Kubernetes objects. Every document is read through fabric8's model: kinds it knows become their
 * typed class (a {@link Deployment}, an {@code Ingress}, ...), and only the custom resources listed in {@link #CUSTOM_KINDS}
 * may stay a {@link GenericKubernetesResource}. The accessors fail when an expected object is missing or ambiguous.
 */
final class Manifests {

    /** The kustomizations that are applied to a cluster. */
    static final List<String> ENVIRONMENTS = List.of("overlays/dev", "overlays/prod");

    /** Every kustomization in the repository, the shared parts included. */
    static final List<String> ALL = List.of("base", "kafka", "overlays/dev", "overlays/prod");

    /** Custom resources used here, as {@code apiVersion/kind}; fabric8's core model has no class for them. */
    static final Set<String> CUSTOM_KINDS = Set.of(
            "monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PrometheusRule",
            "kafka.strimzi.io/v1beta2/KafkaTopic",
            "keda.sh/v1alpha1/ScaledObject",
            "external-secrets.io/v1beta1/ExternalSecret");

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String directory;
    private final List<Map<String, Object>> documents;
    private final List<HasMetadata> objects;

    private Manifests(String directory, List<Map<String, Object>> documents) {
        this.directory = directory;
        this.documents = documents;
        this.objects = documents.stream().map(document -> (HasMetadata) JSON.convertValue(document, KubernetesResource.class))
                .toList();
    }

    /** The objects that kustomize renders for {@code directory} (relative to {@code deploy/k8s}). */
    static Manifests of(String directory) {
        return RENDERED.computeIfAbsent(directory, dir -> new Manifests(dir, parse(Kustomize.render(dir))));
    }

    private static List<Map<String, Object>> parse(String yaml) {
        try {
            return new YAMLMapper().readerFor(Map.class).<Map<String, Object>>readValues(yaml).readAll().stream()
                    .filter(Objects::nonNull).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String directory() {
        return directory;
    }

    /** The documents as kustomize wrote them, before any model conversion. */
    List<Map<String, Object>> documents() {
        return documents;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError(directory + ": expected exactly one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(resource -> resource.getKind().equals(kind)).toList();
    }

    GenericKubernetesResource oneCustom(String kind) {
        List<GenericKubernetesResource> found = custom(kind);
        if (found.size() != 1) {
            throw new AssertionError(directory + ": expected exactly one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    /** The service's container: the Deployment has exactly one. */
    Container container() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(directory + ": expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(map -> map.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(directory + ": no ConfigMap " + name));
    }

    /**
     * The container's environment as the service sees it: every key of the ConfigMaps in {@code envFrom}, then every
     * {@code env} entry (which wins). A value taken from a Secret reads {@code secret:<name>/<key>}.
     */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container().getEnvFrom()) {
            if (source.getConfigMapRef() == null) {
                throw new AssertionError(directory + ": envFrom may only name ConfigMaps");
            }
            environment.putAll(configMap(source.getConfigMapRef().getName()).getData());
        }
        for (EnvVar variable : container().getEnv()) {
            environment.put(variable.getName(), valueOf(variable));
        }
        return environment;
    }

    private String valueOf(EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return variable.getValue();
        }
        SecretKeySelector secret = variable.getValueFrom().getSecretKeyRef();
        if (secret == null) {
            throw new AssertionError(directory + ": " + variable.getName() + " must be a value or a secretKeyRef");
        }
        return "secret:" + secret.getName() + "/" + secret.getKey();
    }

    @Override
    public String toString() {
        return directory;
    }
}
