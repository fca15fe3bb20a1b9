package dev.headshots.ingest.runflow;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.security.SecretSet;

/**
 * The secret of a per-job callback URL: 256 random bits, base64url without padding (43 characters), made once per submission.
 * Only its SHA-256 is stored, so a database leak does not let anyone send callbacks. The random source is created at run time,
 * never frozen into a native image.
 */
@ApplicationScoped
public class CallbackTokens {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random = new SecureRandom();

    /** A new token. */
    public String generate() {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** What is stored for {@code token}. */
    public static byte[] digest(String token) {
        return SecretSet.sha256(token);
    }

    /** The digest of a presented token, or empty when it cannot be a token this service made. */
    public static Optional<byte[]> digestOfPresented(String presented) {
        return presented != null && FORMAT.matcher(presented).matches()
                ? Optional.of(digest(presented))
                : Optional.empty();
    }
}
