package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.ResolverScript;
import dev.headshots.ingest.support.SsrfCanary;
import dev.headshots.ingest.support.TestConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * {@link ImageSource} against a real origin and a scripted resolver: names that resolve to internal addresses, names that
 * change their answer between two lookups (DNS rebinding), redirect chains that lead inside, and every spelling of an IP
 * address. In every refused case neither the origin nor the {@link SsrfCanary} standing at the internal address sees a
 * connection. The strict source runs with production rules (https, public addresses only), the local one with
 * {@code allow-private-networks}, which must still refuse all of these except loopback and private ranges.
 */
class ImageSourceSsrfTest {

    private static Vertx vertx;
    private static ImageOrigin origin;

    private final ResolverScript resolver = new ResolverScript();
    private final List<ImageSource> sources = new ArrayList<>();
    private String tag;
    private SsrfCanary canary;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        origin = ImageOrigin.start(3, 16);
    }

    @AfterAll
    static void stop() {
        origin.close();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void canary() {
        tag = UUID.randomUUID().toString();
        canary = SsrfCanary.listen("127.0.0.1", 0);
    }

    @AfterEach
    void close() {
        canary.close();
        sources.forEach(ImageSource::close);
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsNeverConnectedTo() {
        ImageSource source = strict(0);
        List<InetAddress[]> answers = List.of(
                new InetAddress[]{ResolverScript.literal("127.0.0.1")},
                new InetAddress[]{ResolverScript.literal("10.0.0.1")},
                new InetAddress[]{ResolverScript.literal("169.254.169.254")},
                new InetAddress[]{ResolverScript.ipv4Mapped("127.0.0.1")},
                new InetAddress[]{ResolverScript.ipv4Mapped("169.254.169.254")},
                new InetAddress[]{ResolverScript.literal("::1")},
                new InetAddress[]{ResolverScript.literal("fd00::1")},
                new InetAddress[]{ResolverScript.literal("0.0.0.0")},
                new InetAddress[]{ResolverScript.literal("203.0.113.7"), ResolverScript.literal("127.0.0.1")});
        for (int i = 0; i < answers.size(); i++) {
            String host = "n" + i + ".cdn.test";
            resolver.answer(host, answers.get(i));
            assertRefused(source, "https://" + host + ":" + canary.port() + "/a.jpg?X-Amz-Signature=s",
                    CopyFailure.Reason.BLOCKED_ADDRESS);
            assertThat(resolver.lookups(host)).isEqualTo(1);
        }
        assertThat(canary.connections()).isZero();
    }

    /**
     * The name answers a public address when vetted and loopback afterwards: the connection goes to the vetted (unreachable)
     * address, never to loopback, and the next attempt vets the new answer and refuses it.
     */
    @Test
    void aNameThatChangesItsAnswerIsConnectedToOnlyAtTheVettedAddress() {
        ImageSource source = strict(0);
        resolver.answer("rebind.test", "203.0.113.7").answer("rebind.test", "127.0.0.1");
        String url = "https://rebind.test:" + canary.port() + "/a.jpg";

        assertRefused(source, url, CopyFailure.Reason.NETWORK);
        assertThat(resolver.lookups("rebind.test")).isEqualTo(1);
        assertRefused(source, url, CopyFailure.Reason.BLOCKED_ADDRESS);
        assertThat(resolver.lookups("rebind.test")).isEqualTo(2);
        assertThat(canary.connections()).isZero();
    }

    /**
     * The same, observed from both ends on loopback: the name answers the origin's address first and another loopback address
     * (where a canary listens on the origin's port) second. The first download reaches the origin and nothing else; only the
     * second lookup's answer sends a connection to the canary, which shows the canary would have seen a stray one.
     */
    @Test
    void eachDownloadConnectsExactlyWhereItsOwnLookupPointed() {
        ImageSource source = local(0);
        try (SsrfCanary elsewhere = SsrfCanary.listen("127.0.0.2", origin.port())) {
            resolver.answer("rebind.localtest", "127.0.0.1").answer("rebind.localtest", "127.0.0.2");
            String url = "http://rebind.localtest:" + origin.port() + "/img/" + tag + "/1.jpg";

            HttpClientResponse response = open(source, url);
            assertThat(response.statusCode()).isEqualTo(200);
            ImageSource.discard(response);
            assertThat(origin.hits(tag, 1)).isEqualTo(1);
            assertThat(elsewhere.connections()).isZero();

            assertRefused(source, url, CopyFailure.Reason.NETWORK);
            assertThat(origin.hits(tag, 1)).isEqualTo(1);
            assertThat(elsewhere.connections()).isEqualTo(1);
        }
    }

    @Test
    void ipLiteralsAndUserInfoAreRefusedBeforeAnyLookup() {
        ImageSource source = local(3);
        String path = ":" + origin.port() + "/img/" + tag + "/1.jpg";
        for (String host : List.of("127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]",
                "user:pw@localhost", "localhost:pw@localhost")) {
            assertRefused(source, "http://" + host + path, CopyFailure.Reason.HOST_NOT_ALLOWED);
        }
        assertThat(resolver.lookups("localhost")).isZero();
        assertThat(origin.hits(tag)).isZero();
    }

    @Test
    void aRedirectIsRefusedWhenRedirectsAreOff() {
        origin.fault(tag, 1, Fault.redirect(302, "/img/" + tag + "/2.jpg"));

        assertThatThrownBy(() -> open(local(0), url(1))).isInstanceOfSatisfying(CopyFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(CopyFailure.Reason.REDIRECT);
            assertThat(failure.isTransient()).isFalse();
            assertThat(failure.getMessage()).contains("max-redirects").doesNotContain(tag);
        });
        assertThat(origin.hits(tag, 1)).isEqualTo(1);
        assertThat(origin.hits(tag, 2)).isZero();
    }

    @Test
    void anAllowedRelativeRedirectIsFollowed() {
        origin.fault(tag, 1, Fault.redirect(301, "2.jpg?X-Amz-Signature=next"));
        origin.fault(tag, 2, Fault.redirect(307, "/img/" + tag + "/3.jpg"));

        HttpClientResponse response = open(local(3), url(1));

        assertThat(response.statusCode()).isEqualTo(200);
        ImageSource.discard(response);
        assertThat(List.of(origin.hits(tag, 1), origin.hits(tag, 2), origin.hits(tag, 3))).containsOnly(1);
    }

    /** Each hop is vetted like a first URL: host, address and user-info; the detail says which hop was refused. */
    @Test
    void redirectsIntoInternalAddressesAreRefusedAtTheirHop() {
        ImageSource source = local(3);
        resolver.answer("metadata.localtest", "169.254.169.254");
        resolver.answer("mapped.localtest", ResolverScript.ipv4Mapped("169.254.169.254"));
        resolver.answer("zero.localtest", "0.0.0.0");
        String port = ":" + origin.port();
        Map<String, CopyFailure.Reason> targets = Map.of(
                "http://169.254.169.254/latest/meta-data/", CopyFailure.Reason.HOST_NOT_ALLOWED,
                "http://[::ffff:a9fe:a9fe]/latest/meta-data/", CopyFailure.Reason.HOST_NOT_ALLOWED,
                "http://2852039166/latest/meta-data/", CopyFailure.Reason.HOST_NOT_ALLOWED,
                "http://metadata.localtest/latest/meta-data/", CopyFailure.Reason.BLOCKED_ADDRESS,
                "http://mapped.localtest" + port + "/img/" + tag + "/3.jpg", CopyFailure.Reason.BLOCKED_ADDRESS,
                "http://zero.localtest" + port + "/img/" + tag + "/3.jpg", CopyFailure.Reason.BLOCKED_ADDRESS,
                "http://elsewhere.example" + port + "/img/" + tag + "/3.jpg", CopyFailure.Reason.HOST_NOT_ALLOWED,
                "http://user@localhost" + port + "/img/" + tag + "/3.jpg", CopyFailure.Reason.HOST_NOT_ALLOWED,
                "gopher://localhost" + port + "/", CopyFailure.Reason.BLOCKED_ADDRESS);
        targets.forEach((target, reason) -> {
            origin.fault(tag, 1, Fault.redirect(302, "/img/" + tag + "/2.jpg"));
            origin.fault(tag, 2, Fault.redirect(302, target));
            assertThatThrownBy(() -> open(source, url(1))).as(target).isInstanceOfSatisfying(CopyFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(reason);
                assertThat(failure.getMessage()).startsWith("redirect 2: ").doesNotContain("169.254");
            });
        });
        assertThat(origin.hits(tag, 3)).isZero();
        assertThat(resolver.lookups("metadata.localtest")).isEqualTo(1);
    }

    @Test
    void aChainLongerThanTheLimitIsRefused() {
        for (int index = 1; index <= 3; index++) {
            origin.fault(tag, index, Fault.redirect(302, "/img/" + tag + "/" + (index + 1) + ".jpg"));
        }
        origin.fault(tag, 4, Fault.redirect(308, "/img/" + tag + "/5.jpg"));

        assertRefused(local(3), url(1), CopyFailure.Reason.REDIRECT);

        assertThat(List.of(origin.hits(tag, 1), origin.hits(tag, 2), origin.hits(tag, 3), origin.hits(tag, 4)))
                .containsOnly(1);
        assertThat(origin.hits(tag, 5)).isZero();
    }

    @Test
    void anOriginThatDoesNotAnswerInTimeIsATransientFailure() {
        CountDownLatch release = new CountDownLatch(1);
        origin.fault(tag, 1, Fault.held(release));
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> open(local(0), url(1))).isInstanceOfSatisfying(CopyFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(CopyFailure.Reason.NETWORK);
                assertThat(failure.isTransient()).isTrue();
                assertThat(failure.getMessage()).contains("first-byte");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }

    private String url(int index) {
        return "http://localhost:" + origin.port() + "/img/" + tag + "/" + index + ".jpg";
    }

    private ImageSource strict(int maxRedirects) {
        return source(Map.of("headshots.download.allowed-hosts", "*.cdn.test,rebind.test",
                "headshots.download.max-redirects", String.valueOf(maxRedirects),
                "headshots.download.connect-timeout", "500ms"));
    }

    private ImageSource local(int maxRedirects) {
        return source(Map.of("headshots.download.allowed-hosts", "localhost,*.localtest",
                "headshots.download.allow-private-networks", "true",
                "headshots.download.max-redirects", String.valueOf(maxRedirects),
                "headshots.download.first-byte-timeout", "300ms"));
    }

    private ImageSource source(Map<String, String> config) {
        ImageSource source = new ImageSource(vertx, TestConfig.of(config).download(), resolver);
        sources.add(source);
        return source;
    }

    private static HttpClientResponse open(ImageSource source, String url) {
        return source.open(url).await().atMost(Duration.ofSeconds(10));
    }

    private static void assertRefused(ImageSource source, String url, CopyFailure.Reason reason) {
        assertThatThrownBy(() -> open(source, url)).as(url).isInstanceOfSatisfying(CopyFailure.class,
                failure -> assertThat(failure.reason()).isEqualTo(reason));
    }
}
