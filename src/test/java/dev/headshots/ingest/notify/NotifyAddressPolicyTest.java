package dev.headshots.ingest.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.egress.HostResolver;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.ResolverScript;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.SsrfCanary;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Notify URLs under production rules ({@code allow-private-networks} off): a name that resolves to loopback or to the metadata
 * address is refused at submission and in the admin API (422), and a name that passed when it was given but resolves to
 * loopback when the notification is due (DNS rebinding) is refused then, with nothing sent, and retried. A name that resolves
 * to a private address and one that does not resolve are told apart by nothing (the same 422, the same delivery status and
 * {@code last_error}), so that no tenant can map the cluster's internal names. A TCP canary at the loopback address sees no
 * connection in any case.
 */
@QuarkusTest
@TestProfile(NotifyAddressPolicyTest.Strict.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class NotifyAddressPolicyTest {

    /** Production's rules for notify URLs; downloads keep the test profile's (the simulator serves on loopback). */
    public static class Strict implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headshots.notify.allow-private-networks", "false");
        }
    }

    /** What every refusal of a host at delivery time says, whatever the name resolved to, if anything. */
    private static final String UNACCEPTABLE = "host does not resolve to public addresses only";

    private final ResolverScript resolver = new ResolverScript();
    private SsrfCanary canary;

    @BeforeEach
    void install() {
        canary = SsrfCanary.listen("127.0.0.1", 0);
        QuarkusMock.installMockForType(resolver, HostResolver.class);
    }

    @AfterEach
    void close() {
        canary.close();
    }

    @Test
    void namesResolvingToLoopbackOrMetadataAreRefusedWhenGiven() {
        resolver.answer("loop.notify.test", "127.0.0.1");
        resolver.answer("meta.notify.test", "169.254.169.254");
        resolver.answer("mapped.notify.test", ResolverScript.ipv4Mapped("169.254.169.254"));
        var tenant = Notifications.tenant("strict", null);
        for (String host : new String[]{"loop.notify.test", "meta.notify.test", "mapped.notify.test"}) {
            String url = "https://" + host + ":" + canary.port() + "/hook";
            String detail = Notifications.submit(tenant.apiKey(), Map.of("notify_url", url)).then().statusCode(422)
                    .contentType("application/problem+json").extract().asString();
            assertThat(detail).contains("notify_url").doesNotContain(host).doesNotContain("169.254");
            Tenants.admin().contentType("application/json").body(Map.of("notify_url", url))
                    .patch("/admin/v1/tenants/" + tenant.id()).then().statusCode(422);
            assertThat(resolver.lookups(host)).isEqualTo(2);
        }
        Notifications.submit(tenant.apiKey(), Map.of("notify_url", "http://public.notify.test/hook")).then()
                .statusCode(422);
        assertThat(canary.connections()).isZero();
    }

    @Test
    void aNameThatTurnsToLoopbackBeforeTheDeliveryIsRefusedThenWithNothingSent() {
        resolver.answer("rebind.notify.test", "203.0.113.7").answer("rebind.notify.test", "127.0.0.1");
        var tenant = Notifications.tenant("rebind", null);
        UUID job = Notifications.job(tenant.apiKey(), Map.of("notify_url", "https://rebind.notify.test:" + canary.port()
                + "/hook"));

        await().atMost(Duration.ofSeconds(60)).until(() -> attempts(job, tenant.apiKey()) >= 1);
        var refused = Notifications.notification(job, tenant.apiKey());
        assertThat(refused.getString("last_error")).isEqualTo(UNACCEPTABLE);
        assertThat(refused.getString("status")).as("retried, as a name that does not resolve is").isEqualTo("PENDING");
        assertThat(resolver.lookups("rebind.notify.test")).isGreaterThanOrEqualTo(2);
        assertThat(canary.connections()).isZero();
    }

    @Test
    void aNameResolvingToAPrivateAddressCannotBeToldFromOneThatDoesNotResolve() {
        resolver.answer("private.notify.test", "10.20.30.40");
        resolver.answer("empty.notify.test", new String[0]);
        var tenant = Notifications.tenant("oracle", null);
        Set<String> submissions = new HashSet<>();
        Set<String> patches = new HashSet<>();
        for (String host : List.of("private.notify.test", "empty.notify.test", "absent.notify.invalid")) {
            String url = "https://" + host + "/hook";
            submissions.add(Notifications.submit(tenant.apiKey(), Map.of("notify_url", url)).then().statusCode(422)
                    .extract().asString());
            patches.add(Tenants.admin().contentType("application/json").body(Map.of("notify_url", url))
                    .patch("/admin/v1/tenants/" + tenant.id()).then().statusCode(422).extract().asString());
        }
        assertThat(submissions).as("422s at submission").hasSize(1);
        assertThat(patches).as("422s of the admin API").hasSize(1);

        resolver.answer("later-private.notify.test", "203.0.113.8").answer("later-private.notify.test", "10.20.30.40");
        resolver.answer("later-empty.notify.test", "203.0.113.9").answer("later-empty.notify.test", new String[0]);
        Set<String> outcomes = new HashSet<>();
        for (String host : List.of("later-private.notify.test", "later-empty.notify.test")) {
            UUID job = Notifications.job(tenant.apiKey(), Map.of("notify_url", "https://" + host + "/hook"));
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts(job, tenant.apiKey()) >= 1);
            var delivery = Notifications.notification(job, tenant.apiKey());
            outcomes.add(delivery.getString("status") + " " + delivery.getString("last_error"));
        }
        assertThat(outcomes).as("deliveries after their first attempt").containsExactly("PENDING " + UNACCEPTABLE);
    }

    /** The attempts of the job's delivery so far: 0 while it has none. */
    private static int attempts(UUID job, String apiKey) {
        Integer attempts = Notifications.notification(job, apiKey).get("attempts");
        return attempts == null ? 0 : attempts;
    }
}
