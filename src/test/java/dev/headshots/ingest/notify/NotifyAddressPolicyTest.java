package dev.headshots.ingest.notify;

import static dev.headshots.ingest.notify.Notifications.awaitNotification;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
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
 * loopback when the notification is due (DNS rebinding) is refused then, with nothing sent. A TCP canary at the loopback
 * address sees no connection in any case.
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

        var failed = awaitNotification(job, tenant.apiKey(), "FAILED", Duration.ofSeconds(60));
        assertThat(failed.getString("last_error")).isEqualTo("refused: host resolves to a loopback address");
        assertThat(failed.getInt("attempts")).isEqualTo(1);
        assertThat(resolver.lookups("rebind.notify.test")).isEqualTo(2);
        assertThat(canary.connections()).isZero();
    }
}
