package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.headshots.ingest.support.TestConfig;

class SourcePolicyTest {

    private final SourcePolicy strict = new SourcePolicy(
            TestConfig.of(Map.of("headshots.download.allowed-hosts", "cdn.runflow.io,*.images.example,127.0.0.1")).download());
    private final SourcePolicy local = new SourcePolicy(TestConfig.of(Map.of(
            "headshots.download.allowed-hosts", "localhost,127.0.0.1",
            "headshots.download.allow-private-networks", "true")).download());

    @Test
    void onlyListedHostsOverHttpsPass() {
        assertThat(strict.vetUrl("https://cdn.runflow.io/a.jpg").getHost()).isEqualTo("cdn.runflow.io");
        assertThat(strict.vetUrl("https://CDN.runflow.io/a.jpg?X-Amz-Signature=abc")).isNotNull();
        assertThat(strict.vetUrl("https://cdn.runflow.io:8443/a.jpg").getPort()).isEqualTo(8443);
        assertThat(strict.vetUrl("https://eu.images.example/a.jpg")).isNotNull();
        assertReason(() -> strict.vetUrl("https://images.example/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("https://evilimages.example/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("https://cdn.runflow.io.evil.com/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("https://evil.com#@cdn.runflow.io/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> strict.vetUrl("http://cdn.runflow.io/a.jpg"), CopyFailure.Reason.BLOCKED_ADDRESS);
        assertReason(() -> strict.vetUrl("ftp://cdn.runflow.io/a.jpg"), CopyFailure.Reason.BLOCKED_ADDRESS);
        assertReason(() -> strict.vetUrl("file:///etc/passwd"), CopyFailure.Reason.BLOCKED_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:pw@cdn.runflow.io/a.jpg", "https://cdn.runflow.io@evil.com/a.jpg",
            "https://@cdn.runflow.io/a.jpg", "https://evil.com@cdn.runflow.io/a.jpg"})
    void urlsWithUserInfoAreRefused(String url) {
        assertReason(() -> strict.vetUrl(url), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> local.vetUrl(url.replace("cdn.runflow.io", "localhost")), CopyFailure.Reason.HOST_NOT_ALLOWED);
    }

    /** Every spelling of an IP address is refused as a host, even one listed in allowed-hosts, and in both modes. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1.", "2130706433", "0x7f000001", "0x7f.1", "0x7F.0.0.1", "0177.0.0.1",
            "127.1", "017700000001", "169.254.169.254", "0xa9fea9fe", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
            "[::ffff:169.254.169.254]", "[0:0:0:0:0:ffff:a9fe:a9fe]", "[fe80::1%25eth0]", "[64:ff9b::7f00:1]", "[::127.0.0.1]",
            "cdn.runflow.io.1", "0"})
    void ipLiteralHostsAreRefused(String host) {
        assertReason(() -> strict.vetUrl("https://" + host + "/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
        assertReason(() -> local.vetUrl("http://" + host + ":8080/a.jpg"), CopyFailure.Reason.HOST_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cdn.rünflow.io/a.jpg", "https://cdn%2erunflow.io/a.jpg",
            "https://cdn.runflow.io\\@evil.com/",
            "https:cdn.runflow.io/a.jpg", "https:///cdn.runflow.io/a.jpg", "https://cdn.runflow.io:99999/a.jpg",
            "https://cdn.runflow.io:0/a.jpg", "https://cdn runflow.io/a.jpg", "//cdn.runflow.io/a.jpg", ""})
    void malformedUrlsAreRefused(String url) {
        assertReason(() -> strict.vetUrl(url), CopyFailure.Reason.HOST_NOT_ALLOWED, CopyFailure.Reason.BLOCKED_ADDRESS);
    }

    @Test
    void theStartupWarningNamesAllowedHostsThatCanNeverMatch() {
        assertThat(strict.ipLiteralEntries()).containsExactly("127.0.0.1");
        assertThat(strict.allowsPrivateNetworks()).isFalse();
        assertThat(local.allowsPrivateNetworks()).isTrue();
    }

    @Test
    void plainHttpIsAllowedOnlyWithPrivateNetworks() {
        assertThat(local.vetUrl("http://localhost:8089/a.jpg").getPort()).isEqualTo(8089);
        assertThat(local.vetUrl("https://localhost/a.jpg")).isNotNull();
    }

    /** Private networks are refused unless allowed; the local stack may use them. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "100.127.255.254", "::1", "fd00::1", "fc00::1", "fd00:ec2::253", "fec0::1", "64:ff9b:1::1"})
    void privateAddressesAreRefusedUnlessAllowed(String address) {
        List<InetAddress> resolved = List.of(address(address));
        assertReason(() -> strict.vetAddresses(resolved), CopyFailure.Reason.BLOCKED_ADDRESS);
        assertThat(local.vetAddresses(resolved)).isEqualTo(resolved.get(0));
    }

    /** Special-purpose addresses are never an image origin, whatever the mode. */
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "169.254.169.254", "169.254.0.1", "100.100.100.200", "168.63.129.16",
            "192.0.0.170", "192.88.99.1", "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1",
            "255.255.255.255", "::", "fe80::1", "febf::1", "ff02::1", "fd00:ec2::254", "100::1", "2001::1", "2001:2::1",
            "::ffff:0:7f00:1"})
    void specialAddressesAreAlwaysRefused(String address) {
        List<InetAddress> resolved = List.of(address(address));
        assertReason(() -> strict.vetAddresses(resolved), CopyFailure.Reason.BLOCKED_ADDRESS);
        assertReason(() -> local.vetAddresses(resolved), CopyFailure.Reason.BLOCKED_ADDRESS);
    }

    /** IPv6 forms that carry an IPv4 address are judged by it: mapped, compatible, NAT64 and 6to4. */
    @Test
    void ipv4InsideIpv6IsJudgedAsIpv4() {
        for (String carried : new String[]{"127.0.0.1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1"}) {
            byte[] v4 = address(carried).getAddress();
            for (InetAddress wrapped : List.of(mapped(v4), v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, v4),
                    v6(0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, v4), sixToFour(v4))) {
                assertThat(wrapped).isInstanceOf(Inet6Address.class);
                assertReason(() -> strict.vetAddresses(List.of(wrapped)), CopyFailure.Reason.BLOCKED_ADDRESS);
            }
        }
        byte[] publicV4 = address("93.184.216.34").getAddress();
        assertThat(strict.vetAddresses(List.of(mapped(publicV4)))).isEqualTo(address("93.184.216.34"));
        InetAddress nat64 = v6(0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, publicV4);
        assertThat(strict.vetAddresses(List.of(nat64))).isEqualTo(nat64);
        assertThat(strict.vetAddresses(List.of(sixToFour(publicV4)))).isEqualTo(sixToFour(publicV4));
        assertThat(local.vetAddresses(List.of(mapped(address("127.0.0.1").getAddress()))))
                .isEqualTo(address("127.0.0.1"));
    }

    @Test
    void everyAddressOfANameMustBeAcceptable() {
        assertReason(() -> strict.vetAddresses(List.of(address("93.184.216.34"), address("10.0.0.1"))),
                CopyFailure.Reason.BLOCKED_ADDRESS);
        assertReason(() -> strict.vetAddresses(List.of(address("2606:2800:220:1::1"), address("::1"))),
                CopyFailure.Reason.BLOCKED_ADDRESS);
        assertThat(strict.vetAddresses(List.of(address("93.184.216.34"), address("2606:2800:220:1::1"))))
                .isEqualTo(address("93.184.216.34"));
        assertThat(strict.vetAddresses(List.of(address("203.0.113.7")))).isEqualTo(address("203.0.113.7"));
        assertThatThrownBy(() -> strict.vetAddresses(List.of())).isInstanceOfSatisfying(CopyFailure.class,
                failure -> assertThat(failure.isTransient()).isTrue());
    }

    @Test
    void theDetailNamesTheRangeButNeverTheAddress() {
        assertThatThrownBy(() -> strict.vetAddresses(List.of(mapped(address("169.254.169.254").getAddress()))))
                .hasMessage("host resolves to a link-local address inside IPv6")
                .hasMessageNotContaining("169.254");
    }

    private static void assertReason(Runnable call, CopyFailure.Reason... reasons) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CopyFailure.class, failure -> {
            assertThat(failure.reason()).isIn((Object[]) reasons);
            assertThat(failure.isTransient()).isFalse();
        });
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code ::ffff:a.b.c.d} kept as an {@link Inet6Address}, as a resolver may hand it over. */
    private static InetAddress mapped(byte[] v4) {
        return v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, v4);
    }

    private static InetAddress sixToFour(byte[] v4) {
        byte[] raw = new byte[16];
        raw[0] = 0x20;
        raw[1] = 0x02;
        System.arraycopy(v4, 0, raw, 2, 4);
        return v6(raw);
    }

    private static InetAddress v6(int b0, int b1, int b2, int b3, int b4, int b5, int b6, int b7, int b8, int b9, int b10,
            int b11, byte[] v4) {
        byte[] raw = {(byte) b0, (byte) b1, (byte) b2, (byte) b3, (byte) b4, (byte) b5, (byte) b6, (byte) b7, (byte) b8,
                (byte) b9, (byte) b10, (byte) b11, v4[0], v4[1], v4[2], v4[3]};
        return v6(raw);
    }

    private static InetAddress v6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
