package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final FailedAuthLimiter limiter = new FailedAuthLimiter(3, Duration.ofSeconds(10), 100, now::get);

    @Test
    void aClientIsBlockedAfterItsBurstOfFailuresUntilOneRefills() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.blockedFor("203.0.113.7")).isZero();
            limiter.failed("203.0.113.7");
        }

        assertThat(limiter.blockedFor("203.0.113.7")).isEqualTo(Duration.ofSeconds(10));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(limiter.blockedFor("203.0.113.7")).isEqualTo(Duration.ofSeconds(6));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(limiter.blockedFor("203.0.113.7")).isZero();
    }

    @Test
    void clientsAreCountedSeparately() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("203.0.113.7");
        }

        assertThat(limiter.blockedFor("203.0.113.7")).isPositive();
        assertThat(limiter.blockedFor("203.0.113.8")).isZero();
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("2001:db8:1:2::" + Integer.toHexString(i + 1));
        }

        assertThat(limiter.blockedFor("2001:db8:1:2:ffff:ffff:ffff:ffff")).isPositive();
        assertThat(limiter.blockedFor("2001:db8:1:3::1")).isZero();
        assertThat(FailedAuthLimiter.keyOf("2001:0db8:0001:0002:0000:0000:0000:0001")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Client() {
        assertThat(FailedAuthLimiter.keyOf("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(FailedAuthLimiter.keyOf("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void somethingThatIsNotAnAddressIsCountedAsGivenWithoutALookup() {
        assertThat(FailedAuthLimiter.keyOf("abc:def")).isEqualTo("abc:def");
        assertThat(FailedAuthLimiter.keyOf("internal.example")).isEqualTo("internal.example");
        assertThat(FailedAuthLimiter.keyOf(null)).isEqualTo("unknown");
    }

    @Test
    void atMostMaxClientsAreRememberedTheLeastRecentlySeenForgottenFirst() {
        FailedAuthLimiter small = new FailedAuthLimiter(1, Duration.ofHours(1), 3, now::get);
        small.failed("198.51.100.1");
        small.failed("198.51.100.2");
        small.failed("198.51.100.3");
        small.blockedFor("198.51.100.1"); // seen again: now the most recently seen

        small.failed("198.51.100.4");

        assertThat(small.tracked()).isEqualTo(3);
        assertThat(small.blockedFor("198.51.100.1")).isPositive();
        assertThat(small.blockedFor("198.51.100.2")).isZero();
        assertThat(small.blockedFor("198.51.100.4")).isPositive();
    }

    @Test
    void aFloodOfAddressesNeverGrowsTheMemoryPastTheBound() {
        FailedAuthLimiter small = new FailedAuthLimiter(1, Duration.ofHours(1), 50, now::get);

        for (int i = 0; i < 100_000; i++) {
            small.failed("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
        }

        assertThat(small.tracked()).isEqualTo(50);
    }
}
