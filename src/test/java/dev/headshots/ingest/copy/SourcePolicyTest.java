package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.TestConfig;

class SourcePolicyTest {

    private final SourcePolicy strict = new SourcePolicy(
            TestConfig.of(Map.of("headshots.download.allowed-hosts", "cdn.runflow.io,*.images.example")).download());
    private final SourcePolicy local = new SourcePolicy(TestConfig.of(Map.of(
            "headshots.download.allowed-hosts", "localhost",
            "headshots.download.allow-private-networks", "true")).download());

    @Test
    void onlyListedHostsOverHttpsPass() {
        assertThat(strict.vetUrl("https://cdn.runflow.io/a.jpg").getHost()).isEqualTo("cdn.runflow.io");
        assertThat(strict.vetUrl("https://CDN.runflow.io./a.jpg")).isNotNull();
        assertThat(strict.vetUrl("https://eu.images.example/a.jpg")).isNotNull();
        assertReason(() -> strict.vetUrl("https://images.example/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("https://cdn.runflow.io.evil.com/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("https://user:pw@cdn.runflow.io/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("http://cdn.runflow.io/a.jpg"), CopyFailure.Reason.BLOCKED_ADDRESS);
    }

    @Test
    void privateAndSpecialAddressesAreRefusedUnlessAllowed() throws Exception {
        for (String address : new String[]{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "::1", "fe80::1", "fd00::1"}) {
            InetAddress[] resolved = {InetAddress.getByName(address)};
            assertReason(() -> strict.vetAddresses(resolved), CopyFailure.Reason.BLOCKED_ADDRESS);
            assertThat(local.vetAddresses(resolved)).isEqualTo(resolved[0]);
        }
        InetAddress[] mixed = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")};
        assertReason(() -> strict.vetAddresses(mixed), CopyFailure.Reason.BLOCKED_ADDRESS);
        InetAddress[] publicOnly = {InetAddress.getByName("93.184.216.34")};
        assertThat(strict.vetAddresses(publicOnly)).isEqualTo(publicOnly[0]);
    }

    @Test
    void plainHttpIsAllowedOnlyWithPrivateNetworks() {
        assertThat(local.vetUrl("http://localhost:8089/a.jpg").getPort()).isEqualTo(8089);
    }

    private static void assertReason(Runnable call, CopyFailure.Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CopyFailure.class,
                failure -> assertThat(failure.reason()).isEqualTo(reason));
    }
}
