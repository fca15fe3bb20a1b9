package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.SignedCallbacks;
import dev.headshots.ingest.support.TestConfig;
import dev.headshots.ingest.webhook.CallbackAuthenticator.Authenticated;
import dev.headshots.ingest.webhook.CallbackAuthenticator.Credentials;
import dev.headshots.ingest.webhook.CallbackAuthenticator.Mode;

/** Which requests each combination of configured modes lets through. */
class CallbackAuthenticatorTest {

    private static final long NOW = 1_767_225_600L;
    private static final String BODY = "{\"event\":\"headshots.completed\"}";
    private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    @Test
    void anyConfiguredSharedSecretIsAccepted() {
        CallbackAuthenticator authenticator = authenticator("old-secret,new-secret", null);

        assertThat(shared(authenticator, "old-secret")).contains(new Authenticated(Mode.SHARED_SECRET, null));
        assertThat(shared(authenticator, "new-secret")).isPresent();
        assertThat(shared(authenticator, "new-secre")).isEmpty();
        assertThat(shared(authenticator, "new-secret ")).isEmpty();
        assertThat(shared(authenticator, "")).isEmpty();
        assertThat(shared(authenticator, null)).isEmpty();
    }

    @Test
    void withNothingConfiguredNothingIsAccepted() {
        CallbackAuthenticator authenticator = authenticator(null, null);

        assertThat(shared(authenticator, "anything")).isEmpty();
        assertThat(signed(authenticator, SignedCallbacks.NEW_SECRET, "msg_1", NOW)).isEmpty();
    }

    @Test
    void aSignatureByAnyConfiguredSigningSecretIsAcceptedAndNamesTheDelivery() {
        CallbackAuthenticator authenticator = authenticator(null,
                SignedCallbacks.OLD_SECRET + "," + SignedCallbacks.NEW_SECRET);

        assertThat(signed(authenticator, SignedCallbacks.NEW_SECRET, "msg_new", NOW))
                .contains(new Authenticated(Mode.SIGNATURE, "msg_new"));
        assertThat(signed(authenticator, SignedCallbacks.OLD_SECRET, "msg_old", NOW))
                .contains(new Authenticated(Mode.SIGNATURE, "msg_old"));
        assertThat(signed(authenticator, "whsec_dGhlIHByZXZpb3VzIHNpZ25pbmcgc2VjcmV0IQ==", "msg_other", NOW)).isEmpty();
    }

    @Test
    void signaturesAreOffWhenNoSigningSecretIsConfigured() {
        CallbackAuthenticator authenticator = authenticator("shared", null);

        assertThat(signed(authenticator, SignedCallbacks.NEW_SECRET, "msg_1", NOW)).isEmpty();
    }

    @Test
    void theSharedSecretIsOffWhenOnlySigningSecretsAreConfigured() {
        CallbackAuthenticator authenticator = authenticator(null, SignedCallbacks.NEW_SECRET);

        assertThat(shared(authenticator, "")).isEmpty();
        assertThat(shared(authenticator, "anything")).isEmpty();
    }

    @Test
    void whenBothAreOnEitherModePassesAndTheSignatureIsPreferred() {
        CallbackAuthenticator authenticator = authenticator("shared", SignedCallbacks.NEW_SECRET);
        String signature = SignedCallbacks.signature(SignedCallbacks.NEW_SECRET, "msg_both", NOW, BODY);

        assertThat(authenticator.authenticate(new Credentials("shared", "msg_both", Long.toString(NOW), signature), BYTES))
                .contains(new Authenticated(Mode.SIGNATURE, "msg_both"));
        assertThat(authenticator.authenticate(new Credentials("shared", "msg_both", Long.toString(NOW), "v1,AAAA"), BYTES))
                .contains(new Authenticated(Mode.SHARED_SECRET, null));
        assertThat(authenticator.authenticate(new Credentials("wrong", "msg_both", Long.toString(NOW), signature), BYTES))
                .contains(new Authenticated(Mode.SIGNATURE, "msg_both"));
    }

    @Test
    void anEmptySettingLeavesItsModeOff() {
        CallbackAuthenticator authenticator = authenticator("", "");

        assertThat(shared(authenticator, "")).isEmpty();
        assertThat(signed(authenticator, SignedCallbacks.NEW_SECRET, "msg_1", NOW)).isEmpty();
    }

    @Test
    void aSignedIdThatIsNotPrintableAsciiIsRefused() {
        CallbackAuthenticator authenticator = authenticator(null, SignedCallbacks.NEW_SECRET);

        for (String id : new String[]{"msg 1", "msg\u00001", "msg_é", "msg\n1"}) {
            assertThat(signed(authenticator, SignedCallbacks.NEW_SECRET, id, NOW)).as(id).isEmpty();
        }
    }

    @Test
    void aMalformedSigningSecretStopsTheServiceWithoutShowingIt() {
        assertThatThrownBy(() -> authenticator(null, SignedCallbacks.NEW_SECRET + ",whsec_c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret #2")
                .hasMessageNotContaining("c2hvcnQ");
    }

    @Test
    void theStartupLogNamesTheModesButNoSecret() {
        assertThat(CallbackAuthenticator.describeModes(2, 1, Duration.ofMinutes(5)))
                .contains("X-Webhook-Secret (2 accepted)", "Standard Webhooks signatures (1 signing secrets", "300 s");
        assertThat(CallbackAuthenticator.describeModes(0, 0, Duration.ofMinutes(5))).contains("no mode is on", "401");
    }

    private static CallbackAuthenticator authenticator(String secrets, String signingSecrets) {
        Map<String, String> config = new HashMap<>();
        if (secrets != null) {
            config.put("headshots.webhook.secrets", secrets);
        }
        if (signingSecrets != null) {
            config.put("headshots.webhook.signing-secrets", signingSecrets);
        }
        return new CallbackAuthenticator(TestConfig.of(config), SignedCallbacks.clockAt(NOW));
    }

    private static Optional<Authenticated> shared(CallbackAuthenticator authenticator, String secret) {
        return authenticator.authenticate(new Credentials(secret, null, null, null), BYTES);
    }

    private static Optional<Authenticated> signed(CallbackAuthenticator authenticator, String secret, String id, long at) {
        String signature = SignedCallbacks.signature(secret, id, at, BODY);
        return authenticator.authenticate(new Credentials(null, id, Long.toString(at), signature), BYTES);
    }
}
