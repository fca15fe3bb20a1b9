package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.RunflowSignatures;
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
    void aRunflowSignatureByEitherSecretOfARotationPassesAndNamesNoDelivery() {
        CallbackAuthenticator authenticator = runflowAuthenticator("shared",
                RunflowSignatures.OLD_SECRET + "," + RunflowSignatures.NEW_SECRET);

        for (String secret : new String[]{RunflowSignatures.OLD_SECRET, RunflowSignatures.NEW_SECRET}) {
            assertThat(authenticator.authenticate(runflow(RunflowSignatures.sign(secret, BODY)), BYTES))
                    .contains(new Authenticated(Mode.RUNFLOW_SIGNATURE, null));
        }
        String good = RunflowSignatures.sign(RunflowSignatures.NEW_SECRET, BODY);
        for (String bad : new String[]{good.toUpperCase(), good.substring(1), good + "0", "",
                RunflowSignatures.sign("whsec_other", BODY)}) {
            assertThat(authenticator.authenticate(runflow(bad), BYTES)).as(bad).isEmpty();
        }
        assertThat(authenticator.authenticate(runflow(good), "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(authenticator.authenticate(new Credentials("shared", null, null, null, good.toUpperCase()), BYTES))
                .as("any mode that is on may verify").contains(new Authenticated(Mode.SHARED_SECRET, null));
    }

    @Test
    void runflowSignaturesAreOffWithoutRunflowSecretsAndThenEveryRunCallbackPassesTheJobCheck() {
        CallbackAuthenticator authenticator = runflowAuthenticator("shared", null);
        String signed = RunflowSignatures.sign(RunflowSignatures.NEW_SECRET, BODY);

        assertThat(authenticator.authenticate(runflow(signed), BYTES)).isEmpty();
        assertThat(authenticator.verifiesRunflowCallback(null, BYTES)).isTrue();
        CallbackAuthenticator signing = runflowAuthenticator(null, RunflowSignatures.NEW_SECRET);
        assertThat(signing.verifiesRunflowCallback(signed, BYTES)).isTrue();
        assertThat(signing.verifiesRunflowCallback(null, BYTES)).isFalse();
        assertThat(signing.verifiesRunflowCallback(signed.toUpperCase(), BYTES)).isFalse();
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
        assertThat(CallbackAuthenticator.describeModes(0, 0, 2, Duration.ofMinutes(5)))
                .contains("Runflow-Signature (2 Runflow callback secrets").doesNotContain("no mode is on");
    }

    private static CallbackAuthenticator authenticator(String secrets, String signingSecrets) {
        Map<String, String> config = new HashMap<>();
        if (secrets != null) {
            config.put("headshots.webhook.secrets", secrets);
        }
        if (signingSecrets != null) {
            config.put("headshots.webhook.signing-secrets", signingSecrets);
        }
        return new CallbackAuthenticator(TestConfig.of(config).webhook(), SignedCallbacks.clockAt(NOW));
    }

    private static CallbackAuthenticator runflowAuthenticator(String secrets, String runflowSecrets) {
        Map<String, String> config = new HashMap<>();
        if (secrets != null) {
            config.put("headshots.webhook.secrets", secrets);
        }
        if (runflowSecrets != null) {
            config.put("headshots.webhook.runflow-signing-secrets", runflowSecrets);
        }
        return new CallbackAuthenticator(TestConfig.of(config).webhook(), SignedCallbacks.clockAt(NOW));
    }

    private static Credentials runflow(String signature) {
        return new Credentials(null, null, null, null, signature);
    }

    private static Optional<Authenticated> shared(CallbackAuthenticator authenticator, String secret) {
        return authenticator.authenticate(new Credentials(secret, null, null, null), BYTES);
    }

    private static Optional<Authenticated> signed(CallbackAuthenticator authenticator, String secret, String id, long at) {
        String signature = SignedCallbacks.signature(secret, id, at, BODY);
        return authenticator.authenticate(new Credentials(null, id, Long.toString(at), signature), BYTES);
    }
}
