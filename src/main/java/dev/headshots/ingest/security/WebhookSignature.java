package dev.headshots.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a Standard Webhooks signature: {@code webhook-signature} holds up to {@value #MAX_SIGNATURES} space-separated
 * {@code v1,<base64>} entries (other versions are ignored), each a base64 HMAC-SHA256 of {@code {id}.{timestamp}.{raw body}}
 * under one of the configured {@code whsec_} secrets, so that a secret can be rotated by configuring the old and the new one
 * together. The body is checked as raw bytes, never parsed; the timestamp (unix seconds, plain digits) must lie within the
 * tolerance of the clock, both ways. Every configured secret is compared with every presented signature in constant time,
 * without stopping at a match, and hostile headers cost bounded work: an id over {@value #MAX_ID_LENGTH} characters or a
 * signature header over {@value #MAX_HEADER_LENGTH} is refused before it is read. Every outcome is a {@link Verdict}; nothing
 * is thrown for what a sender sent, and nothing is logged. Instances are immutable and thread-safe.
 */
public final class WebhookSignature {

    /** The outcome of one verification; everything but {@link #VALID} is a refusal. */
    public enum Verdict {
        VALID,
        /** One of the three headers is absent or empty. */
        MISSING_HEADERS,
        /** A header is present but unusable: over-long, a non-digit timestamp, or v1 entries that are not base64 HMACs. */
        MALFORMED,
        /** The timestamp is further from now than the tolerance, in the past or in the future. */
        STALE_TIMESTAMP,
        /** Well-formed, but no v1 signature matches any configured secret. */
        BAD_SIGNATURE
    }

    static final int MAX_ID_LENGTH = 256;
    static final int MAX_HEADER_LENGTH = 2048;
    static final int MAX_SIGNATURES = 16;
    private static final int MAX_TIMESTAMP_DIGITS = 18;
    private static final int HMAC_BYTES = 32;
    private static final String VERSION = "v1,";
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final long toleranceSeconds;
    private final Clock clock;

    /** Throws {@link IllegalArgumentException} naming the position, never the value, of a malformed secret. */
    public WebhookSignature(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook signing secret is needed");
        }
        if (tolerance == null || tolerance.isNegative()) {
            throw new IllegalArgumentException("webhook timestamp tolerance must be zero or positive");
        }
        List<SecretKeySpec> parsed = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            try {
                parsed.add(new SecretKeySpec(SigningSecret.parse(secrets.get(i)).key(), HMAC));
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException("secret #" + (i + 1) + ": " + malformed.getMessage());
            }
        }
        this.keys = List.copyOf(parsed);
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks the three {@code webhook-*} header values (null when absent) against the raw request body. */
    public Verdict verify(String id, String timestamp, String signatureHeader, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (isEmpty(id) || isEmpty(timestamp) || isEmpty(signatureHeader)) {
            return Verdict.MISSING_HEADERS;
        }
        if (id.length() > MAX_ID_LENGTH || signatureHeader.length() > MAX_HEADER_LENGTH || !isPlainDigits(timestamp)) {
            return Verdict.MALFORMED;
        }
        long seconds = Long.parseLong(timestamp);
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > toleranceSeconds) {
            return Verdict.STALE_TIMESTAMP;
        }
        return compare(presentedSignatures(signatureHeader), id, seconds, body);
    }

    /** The {@code webhook-signature} entry ({@code v1,<base64>}) for {@code body}; {@code key} must not be empty. */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return VERSION + Base64.getEncoder().encodeToString(hmac(new SecretKeySpec(key, HMAC), id, timestamp, body));
    }

    private Verdict compare(Presented presented, String id, long timestamp, byte[] body) {
        if (presented.malformed()) {
            return Verdict.MALFORMED;
        }
        boolean match = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, id, timestamp, body);
            for (byte[] signature : presented.signatures()) {
                match |= MessageDigest.isEqual(expected, signature);
            }
        }
        return match ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** The decodable v1 signatures; malformed when there are too many entries or v1 entries but none decodable. */
    private static Presented presentedSignatures(String header) {
        String[] entries = header.split(" ", MAX_SIGNATURES + 1);
        if (entries.length > MAX_SIGNATURES) {
            return new Presented(List.of(), true);
        }
        List<byte[]> signatures = new ArrayList<>();
        boolean undecodable = false;
        for (String entry : entries) {
            if (!entry.startsWith(VERSION)) {
                continue;
            }
            byte[] decoded = decode(entry.substring(VERSION.length()));
            if (decoded.length == HMAC_BYTES) {
                signatures.add(decoded);
            } else {
                undecodable = true;
            }
        }
        return new Presented(signatures, signatures.isEmpty() && undecodable);
    }

    private record Presented(List<byte[]> signatures, boolean malformed) {
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            return new byte[0];
        }
    }

    private static byte[] hmac(SecretKeySpec key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static boolean isPlainDigits(String value) {
        if (value.length() > MAX_TIMESTAMP_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
