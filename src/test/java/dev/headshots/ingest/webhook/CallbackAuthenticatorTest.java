package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.TestConfig;

class CallbackAuthenticatorTest {

    @Test
    void anyConfiguredSecretIsAccepted() {
        CallbackAuthenticator authenticator = new CallbackAuthenticator(
                TestConfig.of(Map.of("headshots.webhook.secrets", "old-secret,new-secret")));

        assertThat(authenticator.verify("old-secret")).isTrue();
        assertThat(authenticator.verify("new-secret")).isTrue();
        assertThat(authenticator.verify("new-secre")).isFalse();
        assertThat(authenticator.verify("new-secret ")).isFalse();
        assertThat(authenticator.verify("")).isFalse();
        assertThat(authenticator.verify(null)).isFalse();
    }

    @Test
    void withNoSecretConfiguredNothingIsAccepted() {
        CallbackAuthenticator authenticator = new CallbackAuthenticator(TestConfig.defaults());

        assertThat(authenticator.verify("anything")).isFalse();
        assertThat(authenticator.verify("")).isFalse();
    }
}
