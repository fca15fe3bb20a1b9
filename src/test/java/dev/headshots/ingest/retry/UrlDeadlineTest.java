package dev.headshots.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class UrlDeadlineTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void sigV4StatesItsExpiryAsDatePlusLifetime() {
        String url = "https://cdn.runflow.io/h/1.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261127T093000Z"
                + "&X-Amz-Expires=3600&X-Amz-Signature=abc";

        assertThat(UrlDeadline.of(url, RECEIVED, DAY)).isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
    }

    @Test
    void parameterNamesAreReadCaseInsensitivelyAndGoogleSignedUrlsLikeS3Ones() {
        assertThat(UrlDeadline.of("https://x/a.jpg?x-amz-date=20261127T093000Z&x-amz-expires=60", RECEIVED, DAY))
                .isEqualTo(Instant.parse("2026-11-27T09:31:00Z"));
        assertThat(UrlDeadline.of("https://x/a.jpg?X-Goog-Date=20261127T093000Z&X-Goog-Expires=120", RECEIVED, DAY))
                .isEqualTo(Instant.parse("2026-11-27T09:32:00Z"));
    }

    @Test
    void expiresInEpochSecondsIsTheDeadlineOfSigV2AndCloudFrontUrls() {
        long epoch = Instant.parse("2026-11-27T12:00:00Z").getEpochSecond();

        assertThat(UrlDeadline.of("https://x/a.jpg?AWSAccessKeyId=AK&Expires=" + epoch + "&Signature=s", RECEIVED, DAY))
                .isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void aUrlThatStatesNoExpiryGetsTheFallbackAfterReceipt() {
        assertThat(UrlDeadline.of("https://x/a.jpg", RECEIVED, DAY)).isEqualTo(RECEIVED.plus(DAY));
        assertThat(UrlDeadline.of("https://x/a.jpg?X-Amz-Expires=3600", RECEIVED, DAY)).as("lifetime without a date")
                .isEqualTo(RECEIVED.plus(DAY));
    }

    @Test
    void unreadableValuesFallBackInsteadOfFailing() {
        for (String query : new String[]{"X-Amz-Date=yesterday&X-Amz-Expires=60",
                "X-Amz-Date=20261127T093000Z&X-Amz-Expires=-5",
                "X-Amz-Date=20261127T093000Z&X-Amz-Expires=lots", "Expires=0", "Expires=soon", "Expires=%zz", "=&&=1"}) {
            assertThat(UrlDeadline.of("https://x/a.jpg?" + query, RECEIVED, DAY)).as(query).isEqualTo(RECEIVED.plus(DAY));
        }
        assertThat(UrlDeadline.of("not a url at all", RECEIVED, DAY)).isEqualTo(RECEIVED.plus(DAY));
    }

    @Test
    void noDeadlineIsLaterThanSevenDaysAfterReceipt() {
        long farFuture = RECEIVED.plus(Duration.ofDays(3650)).getEpochSecond();

        assertThat(UrlDeadline.of("https://x/a.jpg?Expires=" + farFuture, RECEIVED, DAY))
                .isEqualTo(RECEIVED.plus(UrlDeadline.LONGEST));
        assertThat(UrlDeadline.of("https://x/a.jpg?X-Amz-Date=20261127T093000Z&X-Amz-Expires=999999999999", RECEIVED, DAY))
                .isEqualTo(RECEIVED.plus(UrlDeadline.LONGEST));
        assertThat(UrlDeadline.of("https://x/a.jpg", RECEIVED, Duration.ofDays(30)))
                .isEqualTo(RECEIVED.plus(UrlDeadline.LONGEST));
    }

    @Test
    void aDeadlineAlreadyPastIsKeptAsStated() {
        assertThat(UrlDeadline.of("https://x/a.jpg?X-Amz-Date=20261120T000000Z&X-Amz-Expires=60", RECEIVED, DAY))
                .isEqualTo(Instant.parse("2026-11-20T00:01:00Z"));
    }
}
