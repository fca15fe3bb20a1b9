package dev.headshots.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Runflow's {@code Runflow-Signature} header: the lowercase hex of HMAC-SHA256 over the raw body, keyed with a
 * callback secret as Runflow shows it ({@code whsec_…}, the whole string's UTF-8 bytes, as Runflow's own Node example keys it).
 * The header must be exactly {@value #HEX_LENGTH} characters of {@code [0-9a-f]}: uppercase hex is refused, as Runflow's
 * example does ({@code /^[0-9a-f]{64}$/}) and as Runflow never sends it, so one signature has one spelling. The signature is
 * compared, after decoding, with the digest under every configured secret in constant time ({@link MessageDigest#isEqual}),
 * without stopping at a match, so timing tells neither which secret matched nor how much of the signature did. Pure and
 * thread-safe.
 * <p>
 * The signature carries no timestamp, so it cannot expire: a captured callback replays with a valid signature. What makes a
 * replay harmless is downstream: the job's id deduplicates it, a stored image is never fetched again, and a job's first outcome
 * is final (docs/runflow.md, "Registering a callback secret at Runflow").
 */
public final class RunflowSignature {

    static final int HEX_LENGTH = 64;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<byte[]> keys;

    public RunflowSignature(List<String> secrets) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("at least one non-empty Runflow callback secret is needed");
        }
        this.keys = secrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public int secrets() {
        return keys.size();
    }

    /** Whether {@code header} is a well-formed signature of {@code body} by one of the secrets. */
    public boolean verify(String header, byte[] body) {
        if (!isWellFormed(header)) {
            return false;
        }
        byte[] presented = HexFormat.of().parseHex(header);
        boolean matched = false;
        for (byte[] key : keys) {
            matched |= MessageDigest.isEqual(hmac(key, body), presented);
        }
        return matched;
    }

    /** Exactly {@value #HEX_LENGTH} lowercase hex digits. */
    static boolean isWellFormed(String header) {
        if (header == null || header.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = header.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The signature Runflow sends for {@code body} under {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
