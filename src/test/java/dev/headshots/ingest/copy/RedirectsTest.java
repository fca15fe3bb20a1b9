package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedirectsTest {

    private static final URI FROM = URI.create("https://cdn.runflow.io/h/out_001.jpg?X-Amz-Signature=abc");
    private final Redirects three = new Redirects(3);

    @Test
    void onlyTheFiveRedirectStatusesAreRedirects() {
        assertThat(List.of(301, 302, 303, 307, 308)).allMatch(Redirects::isRedirect);
        assertThat(List.of(200, 300, 304, 305, 306, 404)).noneMatch(Redirects::isRedirect);
    }

    @Test
    void theLocationIsResolvedAgainstTheCurrentUrl() {
        assertThat(three.target(FROM, "out_002.jpg?s=2", 1)).hasToString("https://cdn.runflow.io/h/out_002.jpg?s=2");
        assertThat(three.target(FROM, "/other/x.png", 1)).hasToString("https://cdn.runflow.io/other/x.png");
        assertThat(three.target(FROM, "//elsewhere.example/x.png", 2)).hasToString("https://elsewhere.example/x.png");
        assertThat(three.target(FROM, " http://169.254.169.254/latest/meta-data/ ", 3))
                .hasToString("http://169.254.169.254/latest/meta-data/");
        assertThat(three.target(URI.create("https://cdn.runflow.io"), "a.jpg", 1)).hasToString("https://cdn.runflow.io/a.jpg");
    }

    @Test
    void redirectsAreRefusedWhenOffOverTheLimitOrUnusable() {
        assertRedirect(() -> new Redirects(0).target(FROM, "/a.jpg", 1), "following redirects is off");
        assertRedirect(() -> three.target(FROM, "/a.jpg", 4), "more than 3 redirects");
        assertRedirect(() -> three.target(FROM, null, 1), "without a Location");
        assertRedirect(() -> three.target(FROM, "  ", 1), "without a Location");
        assertRedirect(() -> three.target(FROM, "https://cdn.runflow.io/a b|c", 1), "unreadable Location");
    }

    @Test
    void theLimitIsThree() {
        assertThatThrownBy(() -> new Redirects(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-redirects");
        assertThatThrownBy(() -> new Redirects(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRedirect(Runnable call, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CopyFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(CopyFailure.Reason.REDIRECT);
            assertThat(failure.isTransient()).isFalse();
            assertThat(failure.getMessage()).contains(detail);
        });
    }
}
