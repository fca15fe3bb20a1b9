package dev.headshots.ingest.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The session cookie's attributes: Secure outside dev and test, always HttpOnly and SameSite=Strict, scoped to /console. */
class ConsoleCookieTest {

    @Test
    void theCookieIsSecureWhenConfiguredAndAlwaysHttpOnlyAndStrict() {
        assertThat(ConsoleCookie.of("t0k3n", true))
                .isEqualTo("hs_console=t0k3n; Path=/console; HttpOnly; SameSite=Strict; Secure");
        assertThat(ConsoleCookie.of("t0k3n", false)).isEqualTo("hs_console=t0k3n; Path=/console; HttpOnly; SameSite=Strict");
        assertThat(ConsoleCookie.cleared(true)).contains("Max-Age=0").contains("HttpOnly").endsWith("; Secure");
    }
}
