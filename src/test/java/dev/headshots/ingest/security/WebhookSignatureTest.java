package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.headshots.ingest.security.WebhookSignature.Verdict;

class WebhookSignatureTest {

    static final long NOW = 1_700_000_000L;
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final byte[] NEW_KEY = key('n');
    static final byte[] OLD_KEY = key('o');
    static final String NEW_SECRET = whsec(NEW_KEY);
    static final String OLD_SECRET = whsec(OLD_KEY);
    static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    static final byte[] BODY = "{\"event\":\"headshots.completed\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignature verifier = verifier(NEW_SECRET, OLD_SECRET);

    @Test
    void aSignatureWithTheCurrentSecretIsValid() {
        assertThat(verify(ID, NOW, WebhookSignature.sign(NEW_KEY, ID, NOW, BODY), BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aSignatureWithTheRotatedOutSecretIsStillValidWhileItIsConfigured() {
        String signedWithOld = WebhookSignature.sign(OLD_KEY, ID, NOW, BODY);

        assertThat(verify(ID, NOW, signedWithOld, BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifier(NEW_SECRET).verify(ID, "" + NOW, signedWithOld, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String header = String.join(" ", WebhookSignature.sign(key('x'), ID, NOW, BODY), "v1a,c2lnbmVk",
                WebhookSignature.sign(NEW_KEY, ID, NOW + 1, BODY), WebhookSignature.sign(NEW_KEY, ID, NOW, BODY));

        assertThat(verify(ID, NOW, header, BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aTamperedBodyOrIdIsABadSignature() {
        String header = WebhookSignature.sign(NEW_KEY, ID, NOW, BODY);
        byte[] tampered = "{\"event\":\"headshots.completed\"} ".getBytes(StandardCharsets.UTF_8);

        assertThat(verify(ID, NOW, header, tampered)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verify(ID + "X", NOW, header, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verify(ID, NOW, header, new byte[0])).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void aTimestampWithinTheToleranceIsAcceptedUpToTheSecond() {
        long limit = TOLERANCE.toSeconds();

        assertThat(verifyAt(NOW - limit)).isEqualTo(Verdict.VALID);
        assertThat(verifyAt(NOW + limit)).isEqualTo(Verdict.VALID);
        assertThat(verifyAt(NOW - limit - 1)).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifyAt(NOW + limit + 1)).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifyAt(0)).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifier.verify(ID, "999999999999999999", "v1,AAAA", BODY)).isEqualTo(Verdict.STALE_TIMESTAMP);
    }

    @Test
    void v2EntriesAreIgnored() {
        String v1 = WebhookSignature.sign(NEW_KEY, ID, NOW, BODY);
        String v2 = v1.replace("v1,", "v2,");

        assertThat(verify(ID, NOW, v2, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verify(ID, NOW, v2 + " " + v1, BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void absentOrEmptyHeadersAreMissing() {
        String header = WebhookSignature.sign(NEW_KEY, ID, NOW, BODY);

        assertThat(verifier.verify(null, "" + NOW, header, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(ID, null, header, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(ID, "" + NOW, null, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify("", "" + NOW, header, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(ID, "", header, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(ID, "" + NOW, "", BODY)).isEqualTo(Verdict.MISSING_HEADERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1700000000", "+1700000000", " 1700000000", "1700000000 ", "1.7e9", "1700000000.5", "0x65",
            "１７００００００００", "1234567890123456789"})
    void aTimestampThatIsNotAShortRunOfPlainDigitsIsMalformed(String timestamp) {
        assertThat(verifier.verify(ID, timestamp, WebhookSignature.sign(NEW_KEY, ID, NOW, BODY), BODY))
                .isEqualTo(Verdict.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1,not*base64!", "v1,", "v1,c2hvcnQ=", "v1,AAAA v1,####"})
    void v1EntriesThatAreNotBase64HmacsAreMalformed(String header) {
        assertThat(verify(ID, NOW, header, BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aValidSignatureNextToAGarbledOneIsStillValid() {
        String header = "v1,not*base64! " + WebhookSignature.sign(NEW_KEY, ID, NOW, BODY);

        assertThat(verify(ID, NOW, header, BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void anOverlongIdIsMalformed() {
        String id = "m".repeat(WebhookSignature.MAX_ID_LENGTH + 1);

        assertThat(verify(id, NOW, WebhookSignature.sign(NEW_KEY, id, NOW, BODY), BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void moreSignaturesThanTheCapAreMalformedEvenWhenOneMatches() {
        String valid = WebhookSignature.sign(NEW_KEY, ID, NOW, BODY);
        String header = "v2,x ".repeat(WebhookSignature.MAX_SIGNATURES) + valid;

        assertThat(header.length()).isLessThan(WebhookSignature.MAX_HEADER_LENGTH);
        assertThat(verify(ID, NOW, header, BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aVeryLongHeaderIsRefusedQuickly() {
        String huge = "v1," + "A".repeat(8 * 1024 * 1024);
        String manyEntries = "v1,AAAA ".repeat(1024 * 1024);

        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            assertThat(verify(ID, NOW, huge, BODY)).isEqualTo(Verdict.MALFORMED);
            assertThat(verify(ID, NOW, manyEntries, BODY)).isEqualTo(Verdict.MALFORMED);
        });
    }

    @Test
    void malformedSecretsAreRefusedWithoutEchoingThem() {
        String notBase64 = "whsec_sup3r-s3cret!value-that-must-not-leak";
        String noPrefix = Base64.getEncoder().encodeToString(NEW_KEY);
        String tooShort = "whsec_" + Base64.getEncoder().encodeToString("sixteen bytes!!!".getBytes(StandardCharsets.UTF_8));

        // the JDK decoder's own message would quote the offending character: neither it nor its cause may surface
        assertThatThrownBy(() -> verifier(NEW_SECRET, notBase64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret #2: webhook signing secret is not base64 after whsec_").hasNoCause();
        assertThatThrownBy(() -> verifier(noPrefix)).hasMessageContaining("secret #1").hasMessageContaining("whsec_")
                .message().doesNotContain(noPrefix);
        assertThatThrownBy(() -> verifier(tooShort)).hasMessageContaining("16 bytes").message()
                .doesNotContain(tooShort.substring(6));
        assertThatThrownBy(() -> verifier(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> verifier()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new WebhookSignature(List.of(NEW_SECRET), Duration.ofSeconds(-1), fixedClock(NOW)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSigningSecretNeverShowsItsKey() {
        assertThat(SigningSecret.parse(NEW_SECRET)).hasToString("SigningSecret[redacted]");
        assertThat(SigningSecret.parse(NEW_SECRET).key()).isEqualTo(NEW_KEY);
    }

    private Verdict verify(String id, long timestamp, String header, byte[] body) {
        return verifier.verify(id, Long.toString(timestamp), header, body);
    }

    private Verdict verifyAt(long timestamp) {
        return verify(ID, timestamp, WebhookSignature.sign(NEW_KEY, ID, timestamp, BODY), BODY);
    }

    static WebhookSignature verifier(String... secrets) {
        return new WebhookSignature(List.of(secrets), TOLERANCE, fixedClock(NOW));
    }

    static Clock fixedClock(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    static byte[] key(char fill) {
        return String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII);
    }

    static String whsec(byte[] key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
