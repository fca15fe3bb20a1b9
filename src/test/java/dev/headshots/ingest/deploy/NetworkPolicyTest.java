package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The NetworkPolicy isolates the pods in both directions. In: only the ingress controller's and Prometheus's namespaces, on the
 * http port. Out: cluster DNS, the Kafka and Postgres namespaces and ports that the service's own connection settings name
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, the datasource URLs), the OpenTelemetry Collector's namespace and port
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), and HTTPS to public addresses for S3, Runflow's image CDN and Runflow's
 * API ({@code headshots.runflow.base-url}, which must therefore be https on 443), with private, link-local (cloud metadata) and
 * loopback ranges excluded.
 */
class NetworkPolicyTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void ingressOnlyFromTheIngressControllerAndPrometheus(String directory) {
        Manifests manifests = Manifests.of(directory);
        NetworkPolicy policy = manifests.one(NetworkPolicy.class);
        assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().stream().reduce((a, b) -> {
            throw new AssertionError("one ingress rule expected");
        }).orElseThrow();
        assertThat(rule.getFrom()).extracting(NetworkPolicyTest::namespace)
                .containsExactlyInAnyOrder("ingress-nginx", "monitoring");
        assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getPodSelector()).isNotNull());
        assertThat(rule.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void egressOnlyToDnsKafkaPostgresAndHttps(String directory) {
        Manifests manifests = Manifests.of(directory);
        List<NetworkPolicyEgressRule> egress = manifests.one(NetworkPolicy.class).getSpec().getEgress();
        Map<String, String> environment = manifests.environment();

        URI kafka = URI.create("kafka://" + environment.get("KAFKA_BOOTSTRAP_SERVERS").split(",")[0]);
        URI postgres = URI.create(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        URI jdbc = URI.create(environment.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
        assertThat(jdbc.getHost() + ":" + jdbc.getPort()).isEqualTo(postgres.getHost() + ":" + postgres.getPort());
        assertThat(environment).doesNotContainKey("QUARKUS_S3_ENDPOINT_OVERRIDE");
        URI collector = URI.create(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));

        assertThat(ports(egress)).containsExactlyInAnyOrder("53/UDP", "53/TCP", kafka.getPort() + "/TCP",
                postgres.getPort() + "/TCP", collector.getPort() + "/TCP", "443/TCP");
        assertThat(rulesFor(egress, collector.getPort() + "/TCP")).singleElement().satisfies(rule -> assertThat(rule
                .getTo()).extracting(NetworkPolicyTest::namespace).containsExactly(namespaceOf(collector.getHost())));
        assertThat(rulesFor(egress, "53/UDP")).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).extracting(NetworkPolicyTest::namespace).containsExactly("kube-system");
            assertThat(ports(List.of(rule))).containsExactlyInAnyOrder("53/UDP", "53/TCP");
        });
        assertThat(rulesFor(egress, kafka.getPort() + "/TCP")).singleElement().satisfies(rule -> assertThat(rule.getTo())
                .extracting(NetworkPolicyTest::namespace).containsExactly(namespaceOf(kafka.getHost())));
        assertThat(rulesFor(egress, postgres.getPort() + "/TCP")).singleElement().satisfies(rule -> assertThat(rule.getTo())
                .extracting(NetworkPolicyTest::namespace).containsExactly(namespaceOf(postgres.getHost())));
        assertThat(rulesFor(egress, "443/TCP")).singleElement().satisfies(rule -> assertThat(rule.getTo())
                .singleElement().satisfies(peer -> {
                    assertThat(peer.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
                    assertThat(peer.getIpBlock().getExcept()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                            "169.254.0.0/16", "127.0.0.0/8");
                }));
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void runflowsApiIsReachedThroughTheHttpsRule(String directory) {
        Manifests manifests = Manifests.of(directory);
        URI runflow = URI.create(ServiceConfig.effective(manifests.environment(), "headshots.runflow.base-url").orElseThrow());
        assertThat(runflow.getScheme()).isEqualTo("https");
        assertThat(runflow.getPort()).isIn(-1, 443);
        assertThat(runflow.getHost()).as("a public host: the 443 rule excludes private addresses").doesNotContain(".svc")
                .isNotEqualTo("localhost");
        assertThat(ports(manifests.one(NetworkPolicy.class).getSpec().getEgress())).contains("443/TCP");
    }

    /** "port/protocol" of every port that the rules open. */
    private static Set<String> ports(List<NetworkPolicyEgressRule> rules) {
        Set<String> ports = new TreeSet<>();
        for (NetworkPolicyEgressRule rule : rules) {
            assertThat(rule.getPorts()).as("an egress rule without ports opens every port").isNotEmpty();
            for (NetworkPolicyPort port : rule.getPorts()) {
                ports.add(port.getPort().getIntVal() + "/" + port.getProtocol());
            }
        }
        return ports;
    }

    private static List<NetworkPolicyEgressRule> rulesFor(List<NetworkPolicyEgressRule> rules, String port) {
        return rules.stream().filter(rule -> ports(List.of(rule)).contains(port)).toList();
    }

    private static String namespace(NetworkPolicyPeer peer) {
        assertThat(peer.getNamespaceSelector()).as("peer without a namespace selector").isNotNull();
        return peer.getNamespaceSelector().getMatchLabels().get(NAMESPACE_LABEL);
    }

    /** The namespace of a cluster-internal host name: service.namespace.svc[.cluster.local]. */
    private static String namespaceOf(String host) {
        String[] parts = host.split("\\.");
        assertThat(parts.length).as(host + " is a cluster Service name").isGreaterThanOrEqualTo(3);
        assertThat(parts[2]).as(host).isEqualTo("svc");
        return parts[1];
    }
}
