package dev.headshots.ingest.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Signing secrets sealed at rest: what opens, what does not, and key rotation. */
class SecretSealerTest {

    private static final String OLD_KEY = key('o');
    private static final String NEW_KEY = key('n');
    private static final byte[] SECRET = "thirty-two bytes of a whsec_ key".getBytes(StandardCharsets.US_ASCII);
    private static final String CONTEXT = "headshots-notify-secret/acme/whs_0001";

    @Test
    void aSealedSecretOpensOnlyForItsOwnContextAndUnaltered() {
        SecretSealer sealer = new SecretSealer(List.of(NEW_KEY));
        SecretSealer.Sealed sealed = sealer.seal(SECRET, CONTEXT);

        assertThat(sealer.open(sealed, CONTEXT)).isEqualTo(SECRET);
        assertThat(sealed.bytes()).as("a fresh nonce each time").isNotEqualTo(sealer.seal(SECRET, CONTEXT).bytes());
        assertThatThrownBy(() -> sealer.open(sealed, "headshots-notify-secret/other/whs_0001"))
                .as("copied to another tenant").isInstanceOf(IllegalStateException.class);
        byte[] altered = Arrays.copyOf(sealed.bytes(), sealed.bytes().length);
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> sealer.open(new SecretSealer.Sealed(sealed.keyId(), altered), CONTEXT))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(NEW_KEY);
    }

    @Test
    void theFirstKeySealsAndEveryListedKeyOpens() {
        SecretSealer.Sealed underOld = new SecretSealer(List.of(OLD_KEY)).seal(SECRET, CONTEXT);
        SecretSealer rotated = new SecretSealer(List.of(NEW_KEY, OLD_KEY));

        assertThat(rotated.open(underOld, CONTEXT)).isEqualTo(SECRET);
        assertThat(rotated.seal(SECRET, CONTEXT).keyId()).isNotEqualTo(underOld.keyId());
        assertThatThrownBy(() -> new SecretSealer(List.of(NEW_KEY)).open(underOld, CONTEXT))
                .as("its key dropped").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer in headshots.notify.secret-keys");
    }

    @Test
    void aKeyThatIsNot32BytesIsNamedByPositionNeverByValue() {
        assertThatThrownBy(() -> new SecretSealer(List.of(NEW_KEY, "c2hvcnQ=")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "headshots.notify.secret-keys #2 is not 32 bytes in base64");
        assertThatThrownBy(() -> new SecretSealer(List.of("not base64!"))).hasMessageNotContaining("not base64!");
        assertThat(new SecretSealer(List.of()).canSeal()).isFalse();
    }

    private static String key(char fill) {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) fill);
        return Base64.getEncoder().encodeToString(raw);
    }
}
