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
    void anIpv6ClientIsCountedByItsSlash48() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("2001:db8:1:" + Integer.toHexString(i + 2) + "::1");
        }

        assertThat(limiter.blockedFor("2001:db8:1:ffff:ffff:ffff:ffff:ffff")).as("another /64 of the same /48")
                .isPositive();
        assertThat(limiter.blockedFor("2001:db8:2::1")).isZero();
        assertThat(FailedAuthLimiter.keyOf("2001:0db8:0001:0002:0000:0000:0000:0001")).isEqualTo("2001:db8:1::/48");
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
    void aBlockedClientStaysBlockedWhateverTheNumberOfOtherAddressesThatFail() {
        FailedAuthLimiter small = new FailedAuthLimiter(1, Duration.ofHours(1), 3, now::get);
        small.failed("198.51.100.1");

        for (int i = 0; i < 1000; i++) {
            small.failed("10.0." + (i >> 8) + "." + (i & 0xff));
        }

        assertThat(small.blockedFor("198.51.100.1")).isPositive();
        assertThat(small.tracked()).isEqualTo(3);
    }

    @Test
    void theFailuresLetThroughAreBoundedWhateverTheAddressSpace() {
        FailedAuthLimiter small = new FailedAuthLimiter(2, Duration.ofHours(1), 50, now::get);
        int guesses = 0;

        for (int i = 0; i < 100_000; i++) {
            String address = "2001:db8:" + Integer.toHexString(i) + "::1"; // a fresh /48 each time
            while (small.blockedFor(address).isZero()) { // each address guesses until it is refused
                guesses++;
                small.failed(address);
            }
        }

        assertThat(guesses).as("(tracked clients + the shared overflow) x burst").isEqualTo((50 + 1) * 2);
    }

    @Test
    void aClientWhoseAllowanceRefilledIsForgottenToMakeRoom() {
        FailedAuthLimiter small = new FailedAuthLimiter(1, Duration.ofSeconds(10), 2, now::get);
        small.failed("198.51.100.1");
        small.failed("198.51.100.2");
        now.addAndGet(Duration.ofSeconds(10).toNanos()); // both refilled: they remember nothing

        small.failed("198.51.100.3");
        small.failed("198.51.100.4");

        assertThat(small.tracked()).isEqualTo(2);
        assertThat(small.blockedFor("198.51.100.3")).isPositive();
        assertThat(small.blockedFor("198.51.100.4")).isPositive();
        assertThat(small.blockedFor("198.51.100.5")).as("a client that never failed, with room to spare").isZero();
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
