package dev.headshots.ingest.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks image URLs in the shape of S3 SigV4 presigned URLs ({@code X-Amz-Algorithm}, {@code X-Amz-Credential},
 * {@code X-Amz-Date}, {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders}, {@code X-Amz-Signature}). The signature is a hex
 * HMAC-SHA256 over the path, the date and the lifetime, under a key drawn at random for each instance, so a URL from another
 * simulator run, or one whose path, date or lifetime was changed, fails; a URL past its date plus lifetime (by the injected
 * clock) has expired. {@link #check} says which, with S3's error code and message.
 */
final class PresignedUrls {

    /** Why a request is refused, as S3 words it; {@link #VALID} when it is not. */
    enum Verdict {

        VALID(null, null), EXPIRED("AccessDenied", "Request has expired"), BAD_SIGNATURE("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method."), UNSIGNED(
                        "AccessDenied", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                                + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");

        final String code;
        final String message;

        Verdict(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String CREDENTIAL_KEY = "AKIARUNFLOWSIMULATOR";

    private final byte[] key = new byte[32];
    private final Clock clock;
    private final Duration ttl;

    PresignedUrls(Clock clock, Duration ttl) {
        new SecureRandom().nextBytes(key);
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The query string (without {@code ?}) that makes {@code path} readable from now until now plus the lifetime. */
    String sign(String path) {
        Instant now = clock.instant();
        String date = AMZ_DATE.format(now);
        String expires = Long.toString(ttl.toSeconds());
        String credential = CREDENTIAL_KEY + "/" + date.substring(0, 8) + "/us-east-1/s3/aws4_request";
        return "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + URLEncoder.encode(credential, StandardCharsets.UTF_8)
                + "&X-Amz-Date=" + date + "&X-Amz-Expires=" + expires + "&X-Amz-SignedHeaders=host&X-Amz-Signature="
                + signature(path, date, expires);
    }

    Verdict check(String path, String rawQuery) {
        Map<String, String> query = query(rawQuery);
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signature = query.get("X-Amz-Signature");
        if (date == null || expires == null || signature == null || !query.containsKey("X-Amz-Credential")) {
            return Verdict.UNSIGNED;
        }
        if (!MessageDigest.isEqual(signature(path, date, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        Optional<Instant> expiry = expiry(date, expires);
        return expiry.isPresent() && !clock.instant().isAfter(expiry.get()) ? Verdict.VALID : Verdict.EXPIRED;
    }

    private static Optional<Instant> expiry(String date, String expires) {
        try {
            return Optional.of(Instant.from(AMZ_DATE.parse(date)).plusSeconds(Long.parseLong(expires)));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String signature(String path, String date, String expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(mac.doFinal((path + "\n" + date + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
